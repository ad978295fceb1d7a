import { importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { ClientCredentials } from '../core/clientAuth.ts';
import { ConfigurationError } from '../errors.ts';
import type { IOAuth2ClientOptions } from '../options.ts';

/** The client's private key: a private JWK, a PKCS#8 PEM string, or a WebCrypto CryptoKey. */
export type PrivateKeyInput = JWK | string | CryptoKey;

type PrivateKeyJwtOptions = Pick<IOAuth2ClientOptions, 'privateKey' | 'privateKeyAlgorithm' | 'privateKeyId'>;

/** How long an assertion is valid: long enough for one request, short enough to be useless later. */
const ASSERTION_LIFETIME_SECONDS = 60;

const EC_ALGORITHMS: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/**
 * Signs RFC 7523 §2.2 client assertions (`private_key_jwt`, OpenID Connect Core §9) with jose on
 * WebCrypto: `iss` = `sub` = the client id, `aud` = the token endpoint (OIDC Core §9 SHOULD), a
 * random single-use `jti`, and a 60 s lifetime. The key is imported once, on first use; no error
 * message ever contains key material.
 */
export class ClientAssertionSigner {
  private imported: Promise<CryptoKey> | undefined;

  private constructor(
    private readonly input: PrivateKeyInput,
    private readonly algorithm: string,
    private readonly keyId: string | undefined,
  ) {}

  /** The signer the options ask for, or `undefined` when the client does not use private_key_jwt. */
  static fromOptions(method: ClientCredentials['method'], options: PrivateKeyJwtOptions): ClientAssertionSigner | undefined {
    const { privateKey } = options;
    if (method !== 'private_key_jwt') return undefined;
    if (privateKey === undefined) {
      throw new ConfigurationError('clientAuthMethod private_key_jwt needs the privateKey option');
    }
    const jwk = isJwk(privateKey) ? privateKey : undefined;
    if (jwk && typeof jwk.d !== 'string') throw new ConfigurationError('privateKey is a public JWK: private_key_jwt needs the private key');
    const algorithm = options.privateKeyAlgorithm ?? algorithmOf(privateKey);
    const keyId = options.privateKeyId ?? (typeof jwk?.kid === 'string' ? jwk.kid : undefined);
    return new ClientAssertionSigner(privateKey, algorithm, keyId);
  }

  async sign(clientId: string, audience: string, nowMs: number): Promise<string> {
    const key = await this.key();
    const issuedAt = Math.floor(nowMs / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: this.algorithm, ...(this.keyId ? { kid: this.keyId } : {}) })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(audience)
      .setJti(globalThis.crypto.randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
      .sign(key);
  }

  private key(): Promise<CryptoKey> {
    this.imported ??= this.importKey().catch((cause: unknown) => {
      this.imported = undefined;
      throw new ConfigurationError(`privateKey could not be imported for ${this.algorithm}`, { cause });
    });
    return this.imported;
  }

  private async importKey(): Promise<CryptoKey> {
    const input = this.input;
    if (typeof input === 'string') return importPKCS8(input, this.algorithm);
    if (isJwk(input)) {
      const key = await importJWK(input, this.algorithm);
      if (key instanceof Uint8Array) throw new ConfigurationError('privateKey must be an asymmetric key');
      return key;
    }
    return input;
  }
}

function isJwk(input: PrivateKeyInput): input is JWK {
  return typeof input === 'object' && input !== null && typeof (input as { kty?: unknown }).kty === 'string';
}

/** The JWS algorithm a key implies (RFC 7518 §3.1, RFC 8037 §3.1). */
function algorithmOf(input: PrivateKeyInput): string {
  if (typeof input === 'string') return 'RS256';
  if (isJwk(input)) {
    if (typeof input.alg === 'string') return input.alg;
    if (input.kty === 'RSA') return 'RS256';
    if (input.kty === 'EC' && typeof input.crv === 'string' && EC_ALGORITHMS[input.crv]) return EC_ALGORITHMS[input.crv] as string;
    if (input.kty === 'OKP' && input.crv === 'Ed25519') return 'EdDSA';
    throw new ConfigurationError('privateKey: give privateKeyAlgorithm, the key type does not imply one');
  }
  const algorithm = input.algorithm as { name: string; namedCurve?: string; hash?: { name?: string } };
  const bits = algorithm.hash?.name?.replace('SHA-', '');
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' && bits) return `RS${bits}`;
  if (algorithm.name === 'RSA-PSS' && bits) return `PS${bits}`;
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve && EC_ALGORITHMS[algorithm.namedCurve]) return EC_ALGORITHMS[algorithm.namedCurve] as string;
  if (algorithm.name === 'Ed25519') return 'EdDSA';
  throw new ConfigurationError('privateKey: give privateKeyAlgorithm, the key type does not imply one');
}
