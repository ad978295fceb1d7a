import { base64url } from 'jose';
import { ConfigurationError } from '../errors.ts';

/** SECURITY 3: state and nonces carry at least 128 bits of entropy. */
const MIN_BYTES = 16;
const MAX_BYTES = 1024;
/** Bytes drawn from the CSPRNG at once (Node's randomUUID keeps a cache the same way). */
const POOL_BYTES = 4096;

let pool: Uint8Array | undefined;
let offset = POOL_BYTES;

/**
 * `bytes` fresh bytes from the CSPRNG. They are drawn in 4 KiB batches (one call into the CSPRNG
 * costs more than the few bytes a token needs); each byte is handed out once and zeroed in the
 * batch as it leaves, so the batch never holds a byte already given away.
 */
function randomBytes(bytes: number): Uint8Array {
  if (!pool || offset + bytes > POOL_BYTES) {
    pool ??= new Uint8Array(POOL_BYTES);
    globalThis.crypto.getRandomValues(pool);
    offset = 0;
  }
  const out = pool.slice(offset, offset + bytes);
  pool.fill(0, offset, offset + bytes);
  offset += bytes;
  return out;
}

/**
 * An opaque base64url string of `bytes` bytes from the CSPRNG (default 32 = 256 bits). WebCrypto's
 * `getRandomValues`, so it runs wherever the app runs (Node, Deno, a Rocket.Chat server).
 */
export function randomToken(bytes: number = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_BYTES || bytes > MAX_BYTES) {
    throw new ConfigurationError(`randomToken needs an integer byte count between ${MIN_BYTES} and ${MAX_BYTES}`);
  }
  return base64url.encode(randomBytes(bytes));
}
