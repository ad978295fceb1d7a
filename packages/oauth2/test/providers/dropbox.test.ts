import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dropbox } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const expectations = { clientAuth: 'basic', codeChallenge: CHALLENGE } as const;

describe('dropbox()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(dropbox(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('always asks for token_access_type=offline', () => {
    const url = authorizationUrl(preset, ['files.content.read', 'account_info.read']);
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(url.searchParams.get('token_access_type')).toBe('offline');
    expect(url.searchParams.get('scope')).toBe('files.content.read account_info.read');
  });

  it('exchanges with Basic authentication; the refresh keeps the unrotated refresh token', async () => {
    fake.route('POST /oauth2/token', (request) => {
      const failure = checkTokenRequest(request, expectations);
      if (failure) return failure;
      return formParams(request)['grant_type'] === 'authorization_code'
        ? { body: { access_token: 'sl.a', token_type: 'bearer', expires_in: 14400, refresh_token: 'rt-dbx', scope: 'account_info.read', uid: '1', account_id: 'dbid:x' } }
        : { body: { access_token: 'sl.b', token_type: 'bearer', expires_in: 14400 } };
    });
    const auth = await exchange(preset, 'c');
    expect(basicCredentials(fake.requests[0]!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
    expect(await refresh(preset, auth)).toMatchObject({ token: 'sl.b', refreshToken: 'rt-dbx', scope: 'account_info.read' });
  });

  it('revokes with a body-less POST authenticated by the access token itself', async () => {
    fake.route('POST /2/auth/token/revoke', (request) =>
      request.headers['authorization'] === 'Bearer sl.a' && request.body === '' ? { status: 200, headers: { 'content-type': 'application/json' }, body: 'null' } : { status: 401, body: { error_summary: 'invalid_access_token/', error: { '.tag': 'invalid_access_token' } } },
    );
    expect(await revoke(preset, { token: 'sl.a', expiresAt: 0, scope: '', refreshToken: 'rt-dbx' })).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.headers['content-type']).toBeUndefined();
    await expect(revoke(preset, { token: 'wrong', expiresAt: 0, scope: '' })).rejects.toMatchObject({ code: 'invalid_response', status: 401 });
  });
});
