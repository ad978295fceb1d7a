import { generateKeyPairSync, createHash } from 'node:crypto';

export const ID_TOKEN_ALG = 'ES256';

/**
 * A fresh P-256 key per server, so id_tokens are verifiable through the server's own
 * jwks_uri and never signed with oidc-provider's shared quick-start keys. EC rather than
 * RSA because generating it is instant.
 */
export function generateSigningJwks(): { keys: Record<string, unknown>[] } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint as kid: required members in lexicographic order.
  const thumbprintInput = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const kid = createHash('sha256').update(thumbprintInput).digest('base64url');
  return { keys: [{ ...jwk, kid, alg: ID_TOKEN_ALG, use: 'sig' }] };
}
