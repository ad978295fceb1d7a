import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { postForm } from './support/flow.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('client credentials and private_key_jwt clients', () => {
  let as: AuthorizationServer;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    as = await startAuthorizationServer({
      clients: [
        { clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] },
        { clientId: 'keyed', redirectUris: [REDIRECT], jwks: { keys: [{ ...(await exportJWK(pair.publicKey)), alg: 'ES256' }] } },
        { clientId: 'public', redirectUris: [REDIRECT] },
      ],
    });
  });
  afterAll(() => as.close());

  const assertion = (audience: string, jti = randomUUID()) =>
    new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer('keyed').setSubject('keyed').setAudience(audience).setJti(jti).setIssuedAt().setExpirationTime('60s').sign(privateKey);

  it('issues app tokens to a confidential client (RFC 6749 §4.4), counted apart', async () => {
    const response = await postForm(as.endpoints.token, { method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret' }, { grant_type: 'client_credentials', scope: 'read' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', scope: 'read' });
    expect(response.body).not.toHaveProperty('refresh_token');
    expect(as.counters).toMatchObject({ clientCredentialsGrants: 1, successfulClientCredentialsGrants: 1 });
  });

  it('authenticates private_key_jwt clients by their registered key, and each jti once', async () => {
    const send = async (jwt: string) => fetch(as.endpoints.token, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'keyed', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt }),
    });
    const jti = randomUUID();
    expect((await send(await assertion(as.endpoints.token, jti))).status).toBe(200);
    expect((await send(await assertion(as.endpoints.token, jti))).status).toBe(401);
    expect((await send(await assertion('https://elsewhere.example/token'))).status).toBe(401);
  });

  it('refuses specs that cannot authenticate', async () => {
    await expect(as.addClient({ clientId: 'k1', redirectUris: [REDIRECT], tokenEndpointAuthMethod: 'private_key_jwt' })).rejects.toThrow(/needs jwks/);
    await expect(as.addClient({ clientId: 'k2', clientSecret: 's', redirectUris: [REDIRECT], jwks: { keys: [{ kty: 'EC' }] }, tokenEndpointAuthMethod: 'private_key_jwt' })).rejects.toThrow(/takes no secret/);
    await expect(as.addClient({ clientId: 'k3', redirectUris: [REDIRECT], jwks: { keys: [{ kty: 'EC', d: 'private' }] } })).rejects.toThrow(/public keys only/);
  });

  it('gives a public client no client credentials grant', async () => {
    const response = await postForm(as.endpoints.token, { method: 'none', clientId: 'public' }, { grant_type: 'client_credentials' });
    expect(response.status).toBe(400);
    expect(response.body).not.toHaveProperty('access_token');
  });
});
