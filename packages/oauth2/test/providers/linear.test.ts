import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { linear } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { formParams } from './support/wire.ts';

const expectations = { clientAuth: 'post', codeChallenge: CHALLENGE } as const;

describe('linear()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(linear(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('asks for comma-separated scopes', () => {
    const url = authorizationUrl(preset, ['write', 'issues:create']);
    expect(url.pathname).toBe('/oauth/authorize');
    expect(url.searchParams.get('scope')).toBe('read,write,issues:create');
  });

  it('exchanges with the client secret in the body; comma scopes in the answer become spaces', async () => {
    fake.route('POST /oauth/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'lin_oauth_a', token_type: 'Bearer', expires_in: 86399, scope: 'read,write', refresh_token: 'lin_rt_a' },
    });
    expect(await exchange(preset, 'c')).toMatchObject({ token: 'lin_oauth_a', scope: 'read write', refreshToken: 'lin_rt_a' });
    expect(formParams(fake.requests[0]!)).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('stores the rotated refresh token', async () => {
    fake.route('POST /oauth/token', (request) => checkTokenRequest(request, expectations) ?? { body: { access_token: 'b', token_type: 'Bearer', expires_in: 86399, scope: 'read', refresh_token: 'lin_rt_b' } });
    expect((await refresh(preset, { token: 'a', expiresAt: 1, scope: 'read', refreshToken: 'lin_rt_a' })).refreshToken).toBe('lin_rt_b');
  });

  it('revokes refresh then access token with client credentials in the body', async () => {
    fake.route('POST /oauth/revoke', (request) => (formParams(request)['client_secret'] === CLIENT_SECRET ? { status: 200 } : { status: 401, body: { error: 'invalid_client' } }));
    expect(await revoke(preset, { token: 'a', expiresAt: 0, scope: '', refreshToken: 'r' })).toBe(2);
    expect(fake.requests.map((r) => formParams(r)['token'])).toEqual(['r', 'a']);
  });
});
