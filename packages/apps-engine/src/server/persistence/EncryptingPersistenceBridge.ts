import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersistenceError } from '../errors.ts';
import type { Association, ILockBridge, IPersistenceBridge, RecordOptions } from './IPersistenceBridge.ts';

/** What the inner store holds instead of a record's data. */
interface Sealed {
  $sealed: { iv: string; tag: string; data: string };
}

function isSealed(value: object): value is Sealed {
  const sealed = (value as Partial<Sealed>).$sealed;
  return typeof sealed === 'object' && sealed !== null && typeof sealed.data === 'string';
}

/** Accepts 32 raw bytes or their base64 text. */
export function parseHostKey(key: Uint8Array | string): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (bytes.length !== 32) throw new PersistenceError('invalid_argument', 'encryptionKey must be 32 bytes (AES-256), raw or base64');
  return bytes;
}

/**
 * Encrypts every record's data at rest (AES-256-GCM, a fresh IV per write, the app id as
 * additional data so a record copied into another app's space does not decrypt), around any bridge.
 * Associations stay readable: they are how records are found. The key lives outside the store
 * (AppHost's `encryptionKey` option), so the raw store holds no token, secret or setting value.
 * Records written before a key was set are read as they are and sealed on their next write.
 */
export class EncryptingPersistenceBridge implements IPersistenceBridge {
  readonly locks?: ILockBridge;

  constructor(
    private readonly inner: IPersistenceBridge,
    private readonly key: Buffer,
  ) {
    if (inner.locks) this.locks = inner.locks;
  }

  create(appId: string, data: object, associations: readonly Association[]): Promise<string> {
    return this.inner.create(appId, this.seal(appId, data), associations);
  }

  async read(appId: string, id: string): Promise<object | undefined> {
    const record = await this.inner.read(appId, id);
    return record && this.open(appId, record);
  }

  async readByAssociations(appId: string, associations: readonly Association[]): Promise<object[]> {
    return (await this.inner.readByAssociations(appId, associations)).map((r) => this.open(appId, r));
  }

  update(appId: string, id: string, data: object, upsert: boolean, options?: RecordOptions): Promise<string> {
    return this.inner.update(appId, id, this.seal(appId, data), upsert, options);
  }

  updateByAssociations(appId: string, associations: readonly Association[], data: object, upsert: boolean): Promise<string> {
    return this.inner.updateByAssociations(appId, associations, this.seal(appId, data), upsert);
  }

  async remove(appId: string, id: string): Promise<object | undefined> {
    const record = await this.inner.remove(appId, id);
    return record && this.open(appId, record);
  }

  async removeByAssociations(appId: string, associations: readonly Association[]): Promise<object[]> {
    return (await this.inner.removeByAssociations(appId, associations)).map((r) => this.open(appId, r));
  }

  private seal(appId: string, data: object): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(appId, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return { $sealed: { iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: body.toString('base64url') } };
  }

  private open(appId: string, record: object): object {
    if (!isSealed(record)) return record;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(record.$sealed.iv, 'base64url'));
      decipher.setAAD(Buffer.from(appId, 'utf8'));
      decipher.setAuthTag(Buffer.from(record.$sealed.tag, 'base64url'));
      const text = Buffer.concat([decipher.update(Buffer.from(record.$sealed.data, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as object;
    } catch (cause) {
      throw new PersistenceError('store_failed', 'A stored record could not be decrypted: wrong encryptionKey, or the record was altered', { cause });
    }
  }
}
