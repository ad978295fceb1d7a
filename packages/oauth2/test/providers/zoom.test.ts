import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zoom } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const expectations = { clientAuth: 'basic', codeChallenge: CHALLENGE } as const;

describe('zoom()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(zoom(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('builds the authorization URL', () => {
    const url = authorizationUrl(preset, ['meeting:read']);
    expect(url.pathname).toBe('/oauth/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('every refresh rotates the refresh token and the old one stops working', async () => {
    const live = new Set(['rt-0']);
    let counter = 0;
    fake.route('POST /oauth/token', (request) => {
      const failure = checkTokenRequest(request, expectations);
      if (failure) return failure;
      const params = formParams(request);
      if (params['grant_type'] === 'refresh_token') {
        if (!live.delete(params['refresh_token'] ?? '')) return { status: 401, body: { reason: 'Invalid Token!', error: 'invalid_grant' } };
      }
      counter += 1;
      live.add(`rt-${counter}`);
      return { body: { access_token: `at-${counter}`, token_type: 'bearer', refresh_token: `rt-${counter}`, expires_in: 3599, scope: 'meeting:read' } };
    });
    const first = await refresh(preset, { token: 'at-0', expiresAt: 1, scope: 'meeting:read', refreshToken: 'rt-0' });
    expect(first.refreshToken).toBe('rt-1');
    expect(basicCredentials(fake.requests[0]!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
    // Reusing the consumed refresh token is what a duplicate refresh does: the grant answers invalid_grant.
    await expect(refresh(preset, { token: 'at-0', expiresAt: 1, scope: '', refreshToken: 'rt-0' })).rejects.toMatchObject({ code: 'reauthorization_required' });
    expect(preset.refreshTokenRotates).toBe(true);
    expect((await exchange(preset, 'c')).token).toBe('at-2');
  });

  it('revokes the access token with Basic authentication', async () => {
    fake.route('POST /oauth/revoke', (request) => (basicCredentials(request) ? { body: { status: 'success' } } : { status: 401, body: { error: 'invalid_client' } }));
    expect(await revoke(preset, { token: 'at', expiresAt: 0, scope: '', refreshToken: 'rt' })).toBe(1);
    expect(formParams(fake.requests[0]!)).toEqual({ token: 'at', token_type_hint: 'access_token' });
  });
});
