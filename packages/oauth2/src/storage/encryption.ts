import { base64url } from 'jose';
import { ConfigurationError, OAuth2Error } from '../errors.ts';

/**
 * The envelope stored instead of a record's secret part when a key is configured (SECURITY 23, 26).
 * `v: 2` names the additional-data layout of `sealing.ts`; envelopes without it were written before.
 */
export interface EncryptedEnvelope {
  enc: 'A256GCM';
  v?: 2;
  iv: string;
  tag: string;
  data: string;
}

export function isEncryptedEnvelope(value: unknown): value is EncryptedEnvelope {
  const v = value as Partial<EncryptedEnvelope> | null;
  return typeof v === 'object' && v !== null && v.enc === 'A256GCM' && typeof v.data === 'string' && typeof v.iv === 'string' && typeof v.tag === 'string';
}

export type EncryptionKeyInput = Uint8Array | string;

/**
 * The client's keys, newest first: one key, or a list while keys rotate. Each is 32 bytes (AES-256),
 * raw or as base64 / base64url text. Throws a ConfigurationError at once for a bad one.
 */
export function parseEncryptionKeys(input: EncryptionKeyInput | readonly EncryptionKeyInput[]): Uint8Array[] {
  const list = Array.isArray(input) ? (input as readonly EncryptionKeyInput[]) : [input as EncryptionKeyInput];
  if (list.length === 0) throw new ConfigurationError('encryptionKey is an empty list: give at least one key');
  return list.map((key) => {
    const bytes = typeof key === 'string' ? decodeBase64(key) : new Uint8Array(key);
    if (bytes?.length !== 32) throw new ConfigurationError('encryptionKey must be 32 bytes (AES-256), raw or base64');
    return bytes;
  });
}

function decodeBase64(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.trim().replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

const TAG_BYTES = 16;

/** WebCrypto's key type, named without the DOM library (the package builds against Node's types). */
type CryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/**
 * AES-256-GCM on WebCrypto (`globalThis.crypto`, so it runs wherever the app runs: Node, Deno, a
 * Rocket.Chat server), a fresh 96-bit IV per write, the additional data binding the ciphertext to
 * its place. Seals with the first (newest) key; opens with any of them.
 */
export class KeyRing {
  private imported: Promise<CryptoKey[]> | undefined;

  constructor(private readonly raw: readonly Uint8Array[]) {}

  get size(): number {
    return this.raw.length;
  }

  async seal(value: unknown, additionalData: string): Promise<EncryptedEnvelope> {
    const [key] = await this.keys();
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const plaintext = new TextEncoder().encode(JSON.stringify(value));
    const sealed = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(additionalData) }, key as CryptoKey, plaintext));
    const data = sealed.subarray(0, sealed.length - TAG_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    return { enc: 'A256GCM', v: 2, iv: base64url.encode(iv), tag: base64url.encode(tag), data: base64url.encode(data) };
  }

  /** The value and the index of the key that opened it (0: the newest); throws when none does. */
  async open(envelope: EncryptedEnvelope, additionalData: string): Promise<{ value: unknown; keyIndex: number }> {
    let sealed: Uint8Array;
    let iv: Uint8Array;
    try {
      iv = base64url.decode(envelope.iv);
      sealed = concat(base64url.decode(envelope.data), base64url.decode(envelope.tag));
    } catch (cause) {
      throw new OAuth2Error('store_error', 'a stored record has an unreadable envelope', { cause });
    }
    const keys = await this.keys();
    for (let keyIndex = 0; keyIndex < keys.length; keyIndex += 1) {
      let plaintext: ArrayBuffer;
      try {
        plaintext = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: utf8(additionalData) }, keys[keyIndex] as CryptoKey, sealed);
      } catch {
        continue;
      }
      return { value: JSON.parse(new TextDecoder().decode(plaintext)) as unknown, keyIndex };
    }
    throw new OAuth2Error('store_error', 'a stored record could not be decrypted: none of the encryption keys opens it, or it was moved or altered');
  }

  private keys(): Promise<CryptoKey[]> {
    this.imported ??= Promise.all(this.raw.map((bytes) => globalThis.crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt'])));
    return this.imported;
  }
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
