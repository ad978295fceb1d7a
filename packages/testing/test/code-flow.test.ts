import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConsent, startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { authorizationRequest, exchangeCode, stringField, type ClientAuth } from './support/flow.ts';
import { verifyIdToken } from './support/id-token.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const basic: ClientAuth = { method: 'client_secret_basic', clientId: 'basic-app', clientSecret: 'basic-secret' };
const post: ClientAuth = { method: 'client_secret_post', clientId: 'post-app', clientSecret: 'post-secret' };
const pub: ClientAuth = { method: 'none', clientId: 'public-app' };

describe('authorization code flow with PKCE', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({
      clients: [
        { clientId: basic.clientId, clientSecret: 'basic-secret', redirectUris: [REDIRECT] },
        {
          clientId: post.clientId,
          clientSecret: 'post-secret',
          redirectUris: [REDIRECT],
          tokenEndpointAuthMethod: 'client_secret_post',
        },
        { clientId: pub.clientId, redirectUris: [REDIRECT] },
      ],
    });
  });
  afterAll(() => as.close());

  for (const auth of [basic, post, pub]) {
    it(`issues tokens to a ${auth.method} client`, async () => {
      const request = authorizationRequest(as, auth.clientId, REDIRECT, 'openid email profile read');
      const consent = await completeConsent(request.url);
      expect(consent.redirectUrl.origin + consent.redirectUrl.pathname).toBe(REDIRECT);
      expect(consent.state).toBe(request.state);
      expect(consent.iss).toBe(as.issuer);
      expect(consent.error).toBeUndefined();

      const tokens = await exchangeCode(as, auth, consent.code ?? '', REDIRECT, request.verifier);
      expect(tokens.status).toBe(200);
      expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid email profile read' });
      expect(typeof tokens.body.refresh_token).toBe('string');

      const idToken = await verifyIdToken(as.endpoints.jwks, stringField(tokens, 'id_token'));
      expect(idToken).toMatchObject({ iss: as.issuer, aud: auth.clientId, sub: 'alice', nonce: request.nonce });

      const userinfo = await fetch(as.endpoints.userinfo, {
        headers: { authorization: `Bearer ${stringField(tokens, 'access_token')}` },
      });
      expect(await userinfo.json()).toEqual({
        sub: 'alice',
        email: 'alice@example.test',
        email_verified: true,
        name: 'Alice Liddell',
        preferred_username: 'alice',
      });
    });
  }

  it('signs in the account named in the options', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT);
    const consent = await completeConsent(request.url, { account: 'bob' });
    const tokens = await exchangeCode(as, basic, consent.code ?? '', REDIRECT, request.verifier);
    const idToken = await verifyIdToken(as.endpoints.jwks, stringField(tokens, 'id_token'));
    expect(idToken.sub).toBe('bob');
  });

  it('issues opaque access tokens, not JWTs', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT);
    const consent = await completeConsent(request.url);
    const tokens = await exchangeCode(as, basic, consent.code ?? '', REDIRECT, request.verifier);
    expect(stringField(tokens, 'access_token').split('.')).toHaveLength(1);
  });

  it('redeems a code once only', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT);
    const consent = await completeConsent(request.url);
    const first = await exchangeCode(as, basic, consent.code ?? '', REDIRECT, request.verifier);
    expect(first.status).toBe(200);
    const replay = await exchangeCode(as, basic, consent.code ?? '', REDIRECT, request.verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    // RFC 6749 §4.1.2: a replayed code revokes what it issued.
    expect((await as.introspect(stringField(first, 'access_token'))).active).toBe(false);
  });

  it('rejects a wrong PKCE verifier', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT);
    const consent = await completeConsent(request.url);
    const other = authorizationRequest(as, basic.clientId, REDIRECT);
    const tokens = await exchangeCode(as, basic, consent.code ?? '', REDIRECT, other.verifier);
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  it('requires the exact redirect_uri in the token request', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT);
    const consent = await completeConsent(request.url);
    const tokens = await exchangeCode(as, basic, consent.code ?? '', `${REDIRECT}/`, request.verifier);
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  it('requires the redirect_uri even when the client has only one', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT);
    const consent = await completeConsent(request.url);
    const response = await fetch(as.endpoints.token, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('basic-app:basic-secret').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: consent.code ?? '', code_verifier: request.verifier }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('requires PKCE on every authorization request, S256 only', async () => {
    const withoutPkce = authorizationRequest(as, basic.clientId, REDIRECT);
    withoutPkce.url.searchParams.delete('code_challenge');
    withoutPkce.url.searchParams.delete('code_challenge_method');
    const missing = await completeConsent(withoutPkce.url);
    expect(missing.error).toBe('invalid_request');
    expect(missing.iss).toBe(as.issuer);

    const plain = authorizationRequest(as, basic.clientId, REDIRECT);
    plain.url.searchParams.set('code_challenge', plain.verifier);
    plain.url.searchParams.set('code_challenge_method', 'plain');
    expect((await completeConsent(plain.url)).error).toBe('invalid_request');
  });

  it('supports response_type=code only', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT);
    request.url.searchParams.set('response_type', 'code id_token');
    // The error comes back in the fragment, the default response mode of that type.
    const result = await completeConsent(request.url);
    expect(result.redirectUrl.hash).toContain('error=unsupported_response_type');
    expect(result.error).toBe('unsupported_response_type');
    expect(result.iss).toBe(as.issuer);
  });

  it('serves plain OAuth 2.0 requests without openid (no nonce, no id_token)', async () => {
    const request = authorizationRequest(as, basic.clientId, REDIRECT, 'read');
    const consent = await completeConsent(request.url);
    const tokens = await exchangeCode(as, basic, consent.code ?? '', REDIRECT, request.verifier);
    expect(tokens.status).toBe(200);
    expect(typeof tokens.body.refresh_token).toBe('string');
    expect(tokens.body.id_token).toBeUndefined();
  });
});
