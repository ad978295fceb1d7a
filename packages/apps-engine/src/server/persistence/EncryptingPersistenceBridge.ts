import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersistenceError } from '../errors.ts';
import type { Association, ILockBridge, IPersistenceBridge, RecordOptions } from './IPersistenceBridge.ts';
import { associationKey } from './records.ts';

/**
 * Where a record was written: its id (`update`), or the associations it was written under
 * (`create`, `updateByAssociations`). Stored in clear next to the ciphertext and authenticated with it.
 */
type Place = { id: string } | { associations: string[] };

/** What the inner store holds instead of a record's data. `v: 2` binds it to app and place; without `v`, to the app only. */
interface Sealed {
  $sealed: { v?: 2; at?: Place; iv: string; tag: string; data: string };
}

function isSealed(value: object): value is Sealed {
  const sealed = (value as Partial<Sealed>).$sealed;
  return typeof sealed === 'object' && sealed !== null && typeof sealed.data === 'string';
}

export type HostKeyInput = Uint8Array | string;

/** One key or a list, newest first; each 32 raw bytes or their base64 text. */
export function parseHostKeys(input: HostKeyInput | readonly HostKeyInput[]): Buffer[] {
  const list = Array.isArray(input) ? (input as readonly HostKeyInput[]) : [input as HostKeyInput];
  if (list.length === 0) throw new PersistenceError('invalid_argument', 'encryptionKey is an empty list: give at least one key');
  return list.map((key) => {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
    if (bytes.length !== 32) throw new PersistenceError('invalid_argument', 'encryptionKey must be 32 bytes (AES-256), raw or base64');
    return bytes;
  });
}

export interface EncryptingBridgeOptions {
  /**
   * The explicit migration step: while true, records in clear or sealed by the first layout (bound
   * to their app only) are read, each reported once through `log`, and sealed anew on their next
   * write. Default false: such records are refused.
   */
  migrate?: boolean;
  log?: (message: string) => void;
}

/**
 * Encrypts every record's data at rest (AES-256-GCM, a fresh IV per write), around any bridge.
 * The additional authenticated data names the app and the record's place (SECURITY 26): its id,
 * or the associations it was written under. Reading by id checks an id-bound record's id; reading
 * by associations checks that the associations the record was written under name, for each model
 * the read names too, one of the same (the same user). So a ciphertext copied onto another user's
 * token record or onto another pending authorization (another id) does not open. A record written by id and read by association (or
 * the reverse) cannot be checked at this layer: an OAuth client's own `encryptionKey` binds every
 * record it keeps to its kind and user whatever way it is read.
 * Keys rotate: the first seals, any opens. Associations stay readable: they are how records are
 * found. Under a key, a record in clear is refused unless the migration option is on.
 */
export class EncryptingPersistenceBridge implements IPersistenceBridge {
  readonly locks?: ILockBridge;
  private readonly keys: Buffer[];
  private readonly reported = new Set<string>();

  constructor(
    private readonly inner: IPersistenceBridge,
    keys: Buffer | readonly Buffer[],
    private readonly options: EncryptingBridgeOptions = {},
  ) {
    this.keys = Buffer.isBuffer(keys) ? [keys] : [...(keys as readonly Buffer[])];
    if (this.keys.length === 0) throw new PersistenceError('invalid_argument', 'EncryptingPersistenceBridge needs at least one key');
    if (inner.locks) this.locks = inner.locks;
  }

  create(appId: string, data: object, associations: readonly Association[]): Promise<string> {
    return this.inner.create(appId, this.seal(appId, data, byAssociations(associations)), associations);
  }

  async read(appId: string, id: string): Promise<object | undefined> {
    const record = await this.inner.read(appId, id);
    return record && this.open(appId, record, { id });
  }

  async readByAssociations(appId: string, associations: readonly Association[]): Promise<object[]> {
    return (await this.inner.readByAssociations(appId, associations)).map((r) => this.open(appId, r, byAssociations(associations)));
  }

  update(appId: string, id: string, data: object, upsert: boolean, options?: RecordOptions): Promise<string> {
    return this.inner.update(appId, id, this.seal(appId, data, { id }), upsert, options);
  }

  updateByAssociations(appId: string, associations: readonly Association[], data: object, upsert: boolean): Promise<string> {
    return this.inner.updateByAssociations(appId, associations, this.seal(appId, data, byAssociations(associations)), upsert);
  }

  async remove(appId: string, id: string): Promise<object | undefined> {
    const record = await this.inner.remove(appId, id);
    return record && this.open(appId, record, { id });
  }

  async removeByAssociations(appId: string, associations: readonly Association[]): Promise<object[]> {
    return (await this.inner.removeByAssociations(appId, associations)).map((r) => this.open(appId, r, byAssociations(associations)));
  }

  private seal(appId: string, data: object, at: Place): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0] as Buffer, iv);
    cipher.setAAD(additionalData(appId, at));
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return { $sealed: { v: 2, at, iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: body.toString('base64url') } };
  }

  /** `found`: how the record was asked for; an id-bound or association-bound record must fit it. */
  private open(appId: string, record: object, found: Place): object {
    if (!isSealed(record)) return this.unsealed(appId, record, found, 'in clear');
    const sealed = record.$sealed;
    if (sealed.v !== 2) return this.unsealed(appId, this.decrypt(record, Buffer.from(appId, 'utf8')), found, 'sealed to its app only');
    const at = sealed.at;
    if (!at || !fits(at, found)) {
      throw new PersistenceError('store_failed', 'A stored record was written for another place (another id or other associations): refused');
    }
    return this.decrypt(record, additionalData(appId, at));
  }

  private decrypt(record: Sealed, aad: Buffer): object {
    const { iv, tag, data } = record.$sealed;
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(aad);
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
        return JSON.parse(text) as object;
      } catch {
        // Another key may open it (rotation).
      }
    }
    throw new PersistenceError('store_failed', 'A stored record could not be decrypted: wrong encryptionKey, or the record was moved or altered');
  }

  private unsealed(appId: string, record: object, found: Place, how: string): object {
    const where = 'id' in found ? `id ${found.id}` : `associations ${found.associations.join(', ')}`;
    if (!this.options.migrate) {
      throw new PersistenceError('store_failed', `A record ${how} was refused (app ${appId}, ${where}): records are sealed under the host's key; see the encryptionMigration option`);
    }
    const report = `${appId} ${where}`;
    if (!this.reported.has(report)) {
      this.reported.add(report);
      this.options.log?.(`encryption migration: read a record ${how} (app ${appId}, ${where}); it is sealed anew on its next write`);
    }
    return record;
  }
}

function byAssociations(associations: readonly Association[]): Place {
  return { associations: [...new Set(associations.map(associationKey))].sort() };
}

function additionalData(appId: string, at: Place): Buffer {
  return Buffer.from(JSON.stringify(['plugboard-record', 2, appId, at]), 'utf8');
}

/**
 * Whether a record bound to `at` may be what a read `found` asked for. By id: the same id. By
 * associations: for every model both name (the user, say), they share an id; a read may ask for
 * fewer or more associations than the record was written under, but never for another user's.
 * A record written by id and read by association (or the reverse) cannot be checked: it passes.
 */
function fits(at: Place, found: Place): boolean {
  if ('id' in at && 'id' in found) return at.id === found.id;
  if ('associations' in at && 'associations' in found) {
    const byModel = (keys: readonly string[]) => {
      const models = new Map<string, Set<string>>();
      for (const key of keys) {
        const model = key.slice(0, key.indexOf(':'));
        models.set(model, (models.get(model) ?? new Set()).add(key));
      }
      return models;
    };
    const written = byModel(at.associations);
    for (const [model, asked] of byModel(found.associations)) {
      const carried = written.get(model);
      if (carried && ![...asked].some((key) => carried.has(key))) return false;
    }
  }
  return true;
}
