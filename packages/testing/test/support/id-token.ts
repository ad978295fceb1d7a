import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

/** Verifies an ES256 compact JWS against the server's JWKS and returns its claims. */
export async function verifyIdToken(jwksUri: string, idToken: string): Promise<Record<string, unknown>> {
  const [header = '', payload = '', signature = ''] = idToken.split('.');
  const protectedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg: string; kid: string };
  if (protectedHeader.alg !== 'ES256') throw new Error(`unexpected alg ${protectedHeader.alg}`);
  const jwks = (await (await fetch(jwksUri)).json()) as { keys: (JsonWebKey & { kid: string })[] };
  const jwk = jwks.keys.find((key) => key.kid === protectedHeader.kid);
  if (jwk === undefined) throw new Error(`no key ${protectedHeader.kid}`);
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new Error('bad id_token signature');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
