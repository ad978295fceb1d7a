import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOAuth2Client, ConfigurationError, ProviderError } from '../../src/index.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

let privateJwk: JWK;
let publicJwk: JWK;
let otherPrivateJwk: JWK;
beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateJwk = { ...(await exportJWK(pair.privateKey)), kid: 'plugboard-1' };
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'plugboard-1', alg: 'ES256', use: 'sig' };
  otherPrivateJwk = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'plugboard-1' };
});

/** The client is registered with its public key only: no secret exists at the server. */
async function keyClient(privateKey: JWK): Promise<Harness> {
  harness = await startHarness({
    client: { privateKey },
    host: { logger: () => undefined },
    registration: ({ clientSecret: _secret, ...spec }) => ({ ...spec, tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [publicJwk] } }),
  });
  return harness;
}

describe('private_key_jwt (RFC 7523) for every grant, against a real authorization server', () => {
  it('exchanges a code, refreshes, gets an app token and revokes both tokens, each call with a fresh assertion', async () => {
    const h = await keyClient(privateJwk);
    expect((await h.connect(h.alice)).status).toBe(200);
    const first = await h.client.getAccessTokenForUser(h.alice);
    const refreshed = await h.client.refreshUserAccessToken(h.alice);
    expect(refreshed?.token).not.toBe(first?.token);
    expect((await h.client.getAppAccessToken(['read'])).token).toBeTruthy();
    // Revocation sends two requests (refresh token, then access token): a reused jti would be refused.
    expect(await h.client.revokeUserAccessToken(h.alice)).toBe(true);
    expect((await h.as.introspect(refreshed!.token)).active).toBe(false);
    expect(h.as.counters).toMatchObject({ successfulAuthorizationCodeGrants: 1, successfulRefreshGrants: 1, successfulClientCredentialsGrants: 1, revocations: 2 });
  });

  it('a key the server does not know is refused like a wrong secret', async () => {
    const h = await keyClient(otherPrivateJwk);
    const error = await h.client.getAppAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).error).toBe('invalid_client');
    expect((await h.connect(h.alice)).status).toBe(502);
  });

  it('private_key_jwt without a key is refused when the client is created', async () => {
    const app = { getID: () => 'a', getAccessors: () => ({}) } as never;
    expect(() => createOAuth2Client(app, { alias: 'x', authUri: 'https://a.example/auth', accessTokenUri: 'https://a.example/token', clientAuthMethod: 'private_key_jwt' })).toThrow(ConfigurationError);
  });
});
