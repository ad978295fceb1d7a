import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptJson, encryptJson, parseEncryptionKey } from '../../src/storage/encryption.ts';
import { Sealer } from '../../src/storage/sealing.ts';
import { ConfigurationError, OAuth2Error } from '../../src/errors.ts';

describe('encryption at rest (SECURITY 23)', () => {
  const key = randomBytes(32);

  it('round-trips and leaves no plaintext in the envelope', () => {
    const envelope = encryptJson(key, { token: 'secret-access-token' }, 'ctx');
    expect(JSON.stringify(envelope)).not.toContain('secret-access-token');
    expect(decryptJson(key, envelope, 'ctx')).toEqual({ token: 'secret-access-token' });
  });

  it('uses a fresh IV each time', () => {
    expect(encryptJson(key, { a: 1 }, 'c').iv).not.toBe(encryptJson(key, { a: 1 }, 'c').iv);
  });

  it('refuses a wrong key or another record context with a clear error', () => {
    const envelope = encryptJson(key, { token: 't' }, 'token:app:alias:u1');
    expect(() => decryptJson(randomBytes(32), envelope, 'token:app:alias:u1')).toThrow(/wrong encryptionKey/);
    expect(() => decryptJson(key, envelope, 'token:app:alias:u2')).toThrow(OAuth2Error);
  });

  it('accepts 32 raw or base64 bytes only', () => {
    expect(parseEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseEncryptionKey(new Uint8Array(key)).equals(key)).toBe(true);
    expect(() => parseEncryptionKey('c2hvcnQ=')).toThrow(ConfigurationError);
  });

  it('says so when a sealed record meets a client without a key', () => {
    const sealed = new Sealer(key).seal({ token: 't' }, 'c');
    expect(() => new Sealer(undefined).unseal(sealed, 'c')).toThrow(/no encryptionKey/);
    expect(new Sealer(undefined).seal({ token: 't' }, 'c')).toEqual({ token: 't' });
  });
});
