import { sha256Base64url } from '../core/digest.ts';

/**
 * The one-time code of a binding confirmation (SECURITY 25): 8 symbols of an alphabet without the
 * look-alikes 0/O, 1/I/L (about 39 bits), read off the callback page and typed in chat. Short
 * enough to type, and with at most `MAX_ATTEMPTS` tries per binding unguessable.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;
export const MAX_ATTEMPTS = 5;

/** A fresh code from the CSPRNG (rejection sampling: every symbol equally likely). */
export function newBindingCode(): string {
  const limit = 256 - (256 % ALPHABET.length);
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(CODE_LENGTH * 2))) {
      if (byte < limit && code.length < CODE_LENGTH) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return code;
}

/** How a code is shown: two groups of four (`ABCD-EFGH`). */
export function formatBindingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What the user typed, as a code: case, spaces and dashes do not matter. */
export function normalizeBindingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

/** The digest kept in the store (never the code itself), bound to the user it was issued for. */
export function bindingCodeDigest(userId: string, code: string): string {
  return sha256Base64url(`plugboard-binding\u0000${userId}\u0000${normalizeBindingCode(code)}`);
}

/** Compares two digests in time independent of where they differ. */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
