import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, ReauthorizationRequiredError } from '../../src/errors.ts';
import { google } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, NOW, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const expectations = { clientAuth: 'basic', codeChallenge: CHALLENGE } as const;

describe('google()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(google(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('always asks for offline access; prompt=consent only when chosen', () => {
    const url = authorizationUrl(preset, ['openid', 'email']);
    expect(url.pathname).toBe('/o/oauth2/v2/auth');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('include_granted_scopes')).toBe('true');
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(url.searchParams.get('scope')).toBe('openid email');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl(google({ prompt: 'consent' })).searchParams.get('prompt')).toBe('consent');
    expect(google().issuer).toBe('https://accounts.google.com');
    expect(google().scopeAliases).toEqual({ email: 'https://www.googleapis.com/auth/userinfo.email', profile: 'https://www.googleapis.com/auth/userinfo.profile' });
  });

  it('exchanges the code with Basic client authentication and the PKCE verifier', async () => {
    fake.route('POST /token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'ya29.a', expires_in: 3599, token_type: 'Bearer', scope: 'openid email', refresh_token: '1//r', id_token: 'eyJ.id' },
    });
    const auth = await exchange(preset, 'code-1');
    expect(auth).toEqual({ token: 'ya29.a', expiresAt: NOW + 3_599_000, scope: 'openid email', tokenType: 'Bearer', refreshToken: '1//r', idToken: 'eyJ.id' });
    const [request] = fake.requests;
    expect(basicCredentials(request!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
    expect(formParams(request!)).toMatchObject({ grant_type: 'authorization_code', code: 'code-1' });
    expect(request!.headers['accept']).toBe('application/json');
  });

  it('keeps the refresh token and ID token because a refresh re-issues neither', async () => {
    fake.route('POST /token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'ya29.b', expires_in: 3599, token_type: 'Bearer', scope: 'openid email' },
    });
    const refreshed = await refresh(preset, { token: 'ya29.a', expiresAt: 1, scope: 'openid email', refreshToken: '1//r', idToken: 'eyJ.id' });
    expect(refreshed).toMatchObject({ token: 'ya29.b', refreshToken: '1//r', idToken: 'eyJ.id' });
    expect(formParams(fake.requests[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: '1//r' });
  });

  it('invalid_grant on refresh requires re-authorization', async () => {
    fake.route('POST /token', () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } }));
    await expect(refresh(preset, { token: 'a', expiresAt: 1, scope: '', refreshToken: 'gone' })).rejects.toBeInstanceOf(ReauthorizationRequiredError);
  });

  it('revokes the refresh token, then the access token; "already revoked" counts as done', async () => {
    const revoked = new Set<string>();
    fake.route('POST /revoke', (request) => {
      const { token } = formParams(request);
      // Google: revoking either token kills the grant; later calls answer 400 invalid_token.
      if (revoked.size > 0) return { status: 400, body: { error: 'invalid_token', error_description: 'Token expired or revoked' } };
      revoked.add(token ?? '');
      return { status: 200, body: '' };
    });
    await expect(revoke(preset, { token: 'ya29.a', expiresAt: 0, scope: '', refreshToken: '1//r' })).resolves.toBe(2);
    expect(fake.requests.map((r) => formParams(r)['token_type_hint'])).toEqual(['refresh_token', 'access_token']);
  });

  it('other revocation errors still fail', async () => {
    fake.route('POST /revoke', () => ({ status: 401, body: { error: 'invalid_client' } }));
    await expect(revoke(preset, { token: 'a', expiresAt: 0, scope: '' })).rejects.toBeInstanceOf(ProviderError);
  });

  it('refuses options it does not know', () => {
    expect(() => google({ prompt: 'none' } as never)).toThrow(/prompt/);
    expect(() => google({ promt: 'consent' } as never)).toThrow(/no option "promt"/);
  });
});
