import { sha256Base64url } from './digest.ts';
import { ConfigurationError } from '../errors.ts';
import { randomToken } from './random.ts';

// RFC 7636 §4.1: code-verifier = 43*128unreserved.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** RFC 7636 §4.1: 32 random octets, base64url-encoded, give a 43-character verifier. */
export function createCodeVerifier(): string {
  return randomToken(32);
}

/** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). There is no `plain` variant here. */
export function codeChallengeS256(verifier: string): string {
  if (!VERIFIER.test(verifier)) {
    // The verifier itself stays out of the message: it is a secret until the exchange.
    throw new ConfigurationError('The PKCE code verifier must be 43-128 unreserved characters (RFC 7636 §4.1)');
  }
  // The verifier is ASCII (checked above), so its UTF-8 bytes are its ASCII bytes.
  return sha256Base64url(verifier);
}
