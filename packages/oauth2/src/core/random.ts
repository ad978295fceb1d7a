import { base64url } from 'jose';
import { ConfigurationError } from '../errors.ts';

/** SECURITY 3: state and nonces carry at least 128 bits of entropy. */
const MIN_BYTES = 16;

/**
 * An opaque base64url string of `bytes` bytes from the CSPRNG (default 32 = 256 bits). WebCrypto's
 * `getRandomValues`, so it runs wherever the app runs (Node, Deno, a Rocket.Chat server).
 */
export function randomToken(bytes: number = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_BYTES || bytes > 1024) {
    throw new ConfigurationError(`randomToken needs an integer byte count between ${MIN_BYTES} and 1024`);
  }
  return base64url.encode(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}
