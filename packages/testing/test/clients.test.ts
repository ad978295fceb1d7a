import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConsent, startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { authorizationRequest, stringField, type ClientAuth } from './support/flow.ts';
import { signIn } from './support/signin.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('client registration', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer();
  });
  afterAll(() => as.close());

  it('addClient after start works for the whole flow', async () => {
    // The redirect URI depends on a port known only after the server started.
    const redirectUri = `http://127.0.0.1:${as.port + 1}/api/apps/public/calendar/google-callback`;
    await as.addClient({ clientId: 'late', clientSecret: 'late-secret', redirectUris: [redirectUri] });
    const tokens = await signIn(as, { method: 'client_secret_basic', clientId: 'late', clientSecret: 'late-secret' }, redirectUri);
    expect(tokens.status).toBe(200);
  });

  it('refuses a client id that is already registered', async () => {
    await as.addClient({ clientId: 'twice', clientSecret: 's', redirectUris: [REDIRECT] });
    await expect(as.addClient({ clientId: 'twice', clientSecret: 't', redirectUris: [REDIRECT] })).rejects.toThrow(
      /already registered/,
    );
  });

  it('validates a spec when it is added, not at its first request', async () => {
    await expect(as.addClient({ clientId: 'no-secret', redirectUris: [REDIRECT], tokenEndpointAuthMethod: 'client_secret_post' }))
      .rejects.toThrow(/needs a clientSecret/);
    await expect(as.addClient({ clientId: 'bad-uri', clientSecret: 's', redirectUris: ['not a url'] })).rejects.toThrow();
    await expect(as.addClient({ clientId: 'bad-scope', clientSecret: 's', redirectUris: [REDIRECT], scopes: ['admin'] }))
      .rejects.toThrow(/unsupported scopes admin/);
    // A rejected spec leaves nothing behind: the id is still free.
    await as.addClient({ clientId: 'bad-uri', clientSecret: 's', redirectUris: [REDIRECT] });
  });

  it('validates the clients given at start before listening', async () => {
    await expect(startAuthorizationServer({ clients: [{ clientId: 'x', clientSecret: 's', redirectUris: ['nope'] }] })).rejects.toThrow();
  });

  it('limits a client to its scopes', async () => {
    await as.addClient({ clientId: 'narrow', clientSecret: 's', redirectUris: [REDIRECT], scopes: ['openid', 'email'] });
    const request = authorizationRequest(as, 'narrow', REDIRECT, 'openid email write');
    const result = await completeConsent(request.url);
    expect(result.error).toBe('invalid_scope');
  });
});

describe('client_secret_basic with ASCII specials in the secret', () => {
  const secret = 'p:a%s+s& w0rd';
  const app: ClientAuth = { method: 'client_secret_basic', clientId: 'special:id', clientSecret: secret };
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({ clients: [{ clientId: 'special:id', clientSecret: secret, redirectUris: [REDIRECT] }] });
  });
  afterAll(() => as.close());

  it('accepts id and secret form-encoded before base64 (RFC 6749 §2.3.1)', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    expect(tokens.status).toBe(200);
    expect(typeof stringField(tokens, 'access_token')).toBe('string');
  });

  it('rejects the same credentials base64-encoded raw', async () => {
    const request = authorizationRequest(as, 'special:id', REDIRECT);
    const consent = await completeConsent(request.url);
    const response = await fetch(as.endpoints.token, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`special:id:${secret}`).toString('base64')}` },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: consent.code ?? '',
        redirect_uri: REDIRECT,
        code_verifier: request.verifier,
      }),
    });
    expect(response.status).toBe(400);
  });
});
