import { sha256 } from '@noble/hashes/sha2';
import { base64url } from 'jose';

/**
 * SHA-256 of a text, base64url: for record ids built from values that should not appear in keys
 * as they are (states, long scope lists). Pure JavaScript (@noble/hashes), so it runs wherever the
 * app runs and stays synchronous.
 */
export function sha256Base64url(text: string): string {
  return base64url.encode(sha256(new TextEncoder().encode(text)));
}
