import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigurationError, OAuth2Error } from '../errors.ts';

/** The envelope stored instead of the token when a key is configured (SECURITY 23). */
export interface EncryptedEnvelope {
  enc: 'A256GCM';
  iv: string;
  tag: string;
  data: string;
}

export function isEncryptedEnvelope(value: unknown): value is EncryptedEnvelope {
  const v = value as Partial<EncryptedEnvelope> | null;
  return typeof v === 'object' && v !== null && v.enc === 'A256GCM' && typeof v.data === 'string';
}

/** Accepts 32 raw bytes or their base64 / base64url text. */
export function parseEncryptionKey(key: Uint8Array | string): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (bytes.length !== 32) {
    throw new ConfigurationError('encryptionKey must be 32 bytes (AES-256), raw or base64');
  }
  return bytes;
}

/**
 * AES-256-GCM with a fresh 96-bit IV per write. `context` (app, alias, user) is authenticated as
 * additional data, so a ciphertext copied onto another user's record does not decrypt.
 */
export function encryptJson(key: Buffer, value: unknown, context: string): EncryptedEnvelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { enc: 'A256GCM', iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: data.toString('base64url') };
}

export function decryptJson(key: Buffer, envelope: EncryptedEnvelope, context: string): unknown {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text);
  } catch (cause) {
    throw new OAuth2Error('store_error', 'a stored token could not be decrypted: wrong encryptionKey, or the record was altered', { cause });
  }
}
