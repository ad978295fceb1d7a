import { exportJWK, exportPKCS8, generateKeyPair, jwtVerify, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { ClientAssertionSigner } from '../../src/client/clientAssertion.ts';
import { ConfigurationError } from '../../src/errors.ts';

const AUDIENCE = 'https://auth.example.com/token';
const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('ClientAssertionSigner (RFC 7523 §3, OpenID Connect Core §9)', () => {
  it('signs iss = sub = client id, aud = token endpoint, a fresh jti, and a 60 s lifetime', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'key-1' };
    const signer = ClientAssertionSigner.fromOptions('private_key_jwt', { privateKey: jwk })!;
    const first = await signer.sign('client:1', AUDIENCE, NOW);
    const second = await signer.sign('client:1', AUDIENCE, NOW);
    const { payload } = await jwtVerify(first, publicKey, { audience: AUDIENCE, issuer: 'client:1', subject: 'client:1', currentDate: new Date(NOW) });
    expect(payload.iat).toBe(NOW / 1000);
    expect(payload.exp).toBe(NOW / 1000 + 60);
    expect(decodeProtectedHeader(first)).toEqual({ alg: 'ES256', kid: 'key-1' });
    const again = await jwtVerify(second, publicKey, { currentDate: new Date(NOW) });
    expect(again.payload.jti).toEqual(expect.any(String));
    expect(again.payload.jti).not.toBe(payload.jti);
  });

  it.each([
    ['an RSA PEM (RS256)', 'RS256'],
    ['an Ed25519 CryptoKey (EdDSA)', 'EdDSA'],
  ])('accepts %s', async (_label, alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const input = alg === 'RS256' ? await exportPKCS8(privateKey) : privateKey;
    const signer = ClientAssertionSigner.fromOptions('private_key_jwt', { privateKey: input })!;
    const assertion = await signer.sign('id', AUDIENCE, NOW);
    expect(decodeProtectedHeader(assertion).alg).toBe(alg);
    await expect(jwtVerify(assertion, publicKey, { currentDate: new Date(NOW) })).resolves.toBeDefined();
  });

  it('is needed only for private_key_jwt, which cannot do without a private key', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    expect(ClientAssertionSigner.fromOptions('client_secret_basic', {})).toBeUndefined();
    expect(() => ClientAssertionSigner.fromOptions('private_key_jwt', {})).toThrow(ConfigurationError);
    const publicJwk = await exportJWK(publicKey);
    expect(() => ClientAssertionSigner.fromOptions('private_key_jwt', { privateKey: publicJwk })).toThrow(/public JWK/);
  });

  it('reports a key it cannot import as a configuration error that quotes no key material', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nnot-a-key-SECRETMATERIAL\n-----END PRIVATE KEY-----';
    const signer = ClientAssertionSigner.fromOptions('private_key_jwt', { privateKey: pem })!;
    const error = (await signer.sign('id', AUDIENCE, NOW).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).not.toContain('SECRETMATERIAL');
  });
});
