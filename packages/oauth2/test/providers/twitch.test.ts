import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, ReauthorizationRequiredError } from '../../src/errors.ts';
import { twitch } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CLIENT_ID, CLIENT_SECRET, NOW, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

// Twitch's error shape: {status, message} (sometimes with an HTTP-reason `error`).
const reject = (status: number) => ({ status, body: { status, message: 'invalid client secret' } });
const expectations = { clientAuth: 'post', reject } as const;

describe('twitch()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(twitch(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('builds the authorization URL with space-separated scopes', () => {
    const url = authorizationUrl(preset, ['chat:read', 'chat:edit']);
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(url.searchParams.get('scope')).toBe('chat:read chat:edit');
  });

  it('exchanges with the client secret in the body and joins the scope array', async () => {
    fake.route('POST /oauth2/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'rfx2', expires_in: 14124, refresh_token: '5b93', scope: ['channel:moderate', 'chat:edit', 'chat:read'], token_type: 'bearer' },
    });
    expect(await exchange(preset, 'c')).toEqual({
      token: 'rfx2',
      expiresAt: NOW + 14_124_000,
      refreshToken: '5b93',
      scope: 'channel:moderate chat:edit chat:read',
      tokenType: 'Bearer',
    });
    expect(basicCredentials(fake.requests[0]!)).toBeUndefined();
    expect(formParams(fake.requests[0]!)).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('"Invalid refresh token" becomes invalid_grant: re-authorization', async () => {
    fake.route('POST /oauth2/token', () => ({ status: 400, body: { error: 'Bad Request', status: 400, message: 'Invalid refresh token' } }));
    const error = await refresh(preset, { token: 'a', expiresAt: 1, scope: '', refreshToken: 'old' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect(error).toMatchObject({ error: 'invalid_grant', error_description: 'Invalid refresh token', status: 400 });
  });

  it('other {status, message} errors keep their meaning', async () => {
    fake.route('POST /oauth2/token', () => reject(403));
    const error = await exchange(preset, 'c').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).not.toBeInstanceOf(ReauthorizationRequiredError);
    expect(error).toMatchObject({ error: 'unknown_error', error_description: 'invalid client secret', status: 403 });
  });

  it('revokes the access token only, with client_id and token; an already invalid token counts as revoked', async () => {
    let calls = 0;
    fake.route('POST /oauth2/revoke', (request) => {
      calls += 1;
      const params = formParams(request);
      if (params['client_id'] !== CLIENT_ID) return { status: 404, body: { status: 404, message: 'client does not exist' } };
      return calls === 1 ? { status: 200 } : { status: 400, body: { status: 400, message: 'Invalid token' } };
    });
    expect(await revoke(preset, { token: 'rfx2', expiresAt: 0, scope: '', refreshToken: '5b93' })).toBe(1);
    expect(formParams(fake.requests[0]!)).toEqual({ token: 'rfx2', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    await expect(revoke(preset, { token: 'rfx2', expiresAt: 0, scope: '' })).resolves.toBe(1);
  });

  it('an unknown client on revocation still fails', async () => {
    fake.route('POST /oauth2/revoke', () => ({ status: 404, body: { status: 404, message: 'client does not exist' } }));
    await expect(revoke(preset, { token: 'x', expiresAt: 0, scope: '' })).rejects.toMatchObject({ status: 404 });
  });
});
