import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRing, parseEncryptionKeys } from '../../src/storage/encryption.ts';
import { additionalData, Sealer, type RecordPlace } from '../../src/storage/sealing.ts';
import { ConfigurationError, OAuth2Error } from '../../src/errors.ts';

const place = (parts: string[], kind: RecordPlace['kind'] = 'token'): RecordPlace => ({ kind, appId: 'app', alias: 'alias', parts });
const sealer = (...keys: Uint8Array[]) => new Sealer(new KeyRing(keys));

describe('sealing at rest (SECURITY 23, 26)', () => {
  const key = new Uint8Array(randomBytes(32));

  it('round-trips on WebCrypto and leaves no plaintext in the envelope; a fresh IV each time', async () => {
    const ring = new KeyRing([key]);
    const envelope = await ring.seal({ token: 'secret-access-token' }, 'ctx');
    expect(JSON.stringify(envelope)).not.toContain('secret-access-token');
    expect(envelope).toMatchObject({ enc: 'A256GCM', v: 2 });
    expect(await ring.open(envelope, 'ctx')).toEqual({ value: { token: 'secret-access-token' }, keyIndex: 0 });
    expect((await ring.seal({ a: 1 }, 'c')).iv).not.toBe((await ring.seal({ a: 1 }, 'c')).iv);
  });

  it('the additional data names kind, app, alias and the record (user, account)', () => {
    expect(additionalData(place(['u1']))).toBe('["plugboard-oauth2",2,"token","app","alias","u1"]');
    // JSON, so no choice of ids can make two places collide (":" in an id, say).
    expect(additionalData(place(['a:b', 'c']))).not.toBe(additionalData(place(['a', 'b:c'])));
  });

  it('a ciphertext moved to another user, kind, alias or app does not open', async () => {
    const s = sealer(key);
    const record = await s.seal({ token: 't' }, place(['u1']));
    await expect(s.unseal(record, place(['u1']))).resolves.toMatchObject({ value: { token: 't' }, stale: false });
    for (const other of [place(['u2']), place(['u1'], 'outcome'), { ...place(['u1']), alias: 'other' }, { ...place(['u1']), appId: 'other' }, place(['u1', 'acct'], 'account')]) {
      await expect(s.unseal(record, other)).rejects.toThrow(OAuth2Error);
    }
  });

  it('under a key a record in clear is refused, unless the migration reads it', async () => {
    await expect(sealer(key).unseal({ token: 'planted' }, place(['u1']))).rejects.toThrow(/token record in clear was refused/);
    await expect(sealer(key).unseal({ token: 'old' }, place(['u1']), { acceptPlaintext: true })).resolves.toMatchObject({ plaintext: true, stale: true });
  });

  it('rotation: writes with the newest key, reads with any, and says when a record is due for a rewrite', async () => {
    const older = new Uint8Array(randomBytes(32));
    const oldRecord = await sealer(older).seal({ token: 'o' }, place(['u1']));
    const rotated = sealer(key, older);
    await expect(rotated.unseal(oldRecord, place(['u1']))).resolves.toMatchObject({ value: { token: 'o' }, stale: true });
    const newRecord = await rotated.seal({ token: 'n' }, place(['u1']));
    await expect(sealer(key).unseal(newRecord, place(['u1']))).resolves.toMatchObject({ value: { token: 'n' }, stale: false });
    await expect(sealer(older).unseal(newRecord, place(['u1']))).rejects.toThrow(/none of the encryption keys/);
  });

  it('an envelope of the first layout opens only where a kind keeps its old additional data', async () => {
    const ring = new KeyRing([key]);
    const { v: _v, ...firstLayout } = await ring.seal({ token: 't' }, 'token:app:alias:u1');
    await expect(sealer(key).unseal({ sealed: firstLayout }, { ...place(['u1']), legacy: 'token:app:alias:u1' })).resolves.toMatchObject({ stale: true });
    await expect(sealer(key).unseal({ sealed: firstLayout }, place(['state-digest'], 'pending-authorization'))).rejects.toThrow(/older version/);
  });

  it('accepts one key or a list, 32 raw or base64 bytes each', () => {
    const b64 = Buffer.from(key).toString('base64');
    expect(parseEncryptionKeys(b64)).toEqual([key]);
    expect(parseEncryptionKeys(Buffer.from(key).toString('base64url'))).toEqual([key]);
    expect(parseEncryptionKeys([key, b64])).toHaveLength(2);
    expect(() => parseEncryptionKeys('c2hvcnQ=')).toThrow(ConfigurationError);
    expect(() => parseEncryptionKeys([])).toThrow(ConfigurationError);
    expect(() => parseEncryptionKeys([key, 'not base64 at all!'])).toThrow(ConfigurationError);
  });

  it('says so when a sealed record meets a client without a key, and passes records through without one', async () => {
    const record = await sealer(key).seal({ token: 't' }, place(['u1']));
    await expect(new Sealer(undefined).unseal(record, place(['u1']))).rejects.toThrow(/no encryptionKey/);
    expect(await new Sealer(undefined).seal({ token: 't' }, place(['u1']))).toEqual({ token: 't' });
  });
});
