import { base64url } from 'jose';

/**
 * SHA-256 of a text, base64url: for record ids built from values that should not appear in keys
 * as they are (long scope lists, codes). WebCrypto, so it runs wherever the app runs.
 */
export async function sha256Base64url(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64url.encode(new Uint8Array(digest));
}
