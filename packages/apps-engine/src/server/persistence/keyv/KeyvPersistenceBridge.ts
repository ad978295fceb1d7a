/**
 * The default persistence bridge, over any Keyv (in-memory, @keyv/sqlite, @keyv/redis).
 *
 * Layout (see storeKeys.ts): one key per record, holding its data and its associations; one index
 * per association (the ids of the records carrying it), sharded so a write rewrites one small shard
 * (ShardedIndex.ts), with a count in the index's meta. A match-all read fetches the metas of the
 * asked associations, walks only the smallest index, then keeps the records that carry every
 * association: reading a user's record by [user:u1, misc:'google-oauth-connection'] touches the
 * one-entry user index whether the store holds 1 000 records or 100 000.
 *
 * Writes: a record is written before it is indexed and unindexed after it is deleted, so an index
 * may briefly (or, after a crash, lastingly) name a missing record; readers check the record itself.
 *
 * Concurrency: per-record and per-index work is serialised in this process (KeyedMutex) and, when
 * the store is shared (Redis), across hosts by the lock bridge (SET NX PX). Removal claims a record
 * through the store's own delete result (Redis UNLINK's count, Map.delete) under the record lock;
 * SQLite's adapter checks then deletes in two queries, so for SQLite the in-process lock is what
 * makes the claim atomic (one process per SQLite file). Upserts hold a lock named after their
 * association set, so concurrent upserts on one set leave one record.
 *
 * Keyv swallows store errors by default (emits 'error', resolves undefined/false): the bridge turns
 * `throwOnErrors` on, for Keyv and for the Redis adapter, and rejects with PersistenceError('store_failed').
 * An unreachable Redis would make every call wait forever: unless set, the adapter's connection
 * timeout becomes 5 s.
 */
import type Keyv from 'keyv';
import { PersistenceError } from '../../errors.ts';
import { InProcessLockBridge } from '../../locks/InProcessLockBridge.ts';
import { KeyedMutex } from '../../locks/KeyedMutex.ts';
import { pollAcquire } from '../../locks/pollAcquire.ts';
import { RedisLockBridge, type RedisLockClient } from '../../locks/RedisLockBridge.ts';
import type { Association, ILockBridge, IPersistenceBridge, RecordOptions } from '../IPersistenceBridge.ts';
import { carriesAll, checkAssociations, expiryOf, newRecordId, requireAssociations, toRecordJson } from '../records.ts';
import { ShardedIndex } from './ShardedIndex.ts';
import { lockKeys, storeKeys } from './storeKeys.ts';

/** A record at rest: its data and the associations it was created with. */
interface StoredRecord {
  d: object;
  a: Array<[string, string]>;
}

/** Internal locks: long enough for any single store operation, bounded so a dead host can't block. */
const LOCK_TTL_MS = 15_000;
const LOCK_WAIT_MS = 30_000;
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

export class KeyvPersistenceBridge implements IPersistenceBridge {
  readonly locks: ILockBridge;
  private readonly shared: boolean;
  private readonly mutex = new KeyedMutex();
  private readonly index: ShardedIndex;

  constructor(private readonly keyv: Keyv) {
    keyv.throwOnErrors = true;
    const store = keyv.store as { throwOnErrors?: boolean; connectionTimeout?: number; getClient?: () => Promise<RedisLockClient> } | undefined;
    if (store && 'throwOnErrors' in store) {
      store.throwOnErrors = true;
    }
    if (store && 'connectionTimeout' in store && store.connectionTimeout === undefined) {
      // Without a timeout @keyv/redis retries an unreachable server forever and every call hangs.
      store.connectionTimeout = REDIS_CONNECT_TIMEOUT_MS;
    }
    const getClient = store?.getClient;
    this.shared = typeof getClient === 'function';
    this.locks = this.shared ? new RedisLockBridge(() => (getClient as () => Promise<RedisLockClient>).call(store), `${keyv.namespace ?? 'keyv'}:plugboard-lock:`) : new InProcessLockBridge();
    this.index = new ShardedIndex(keyv, (scope, key, work) => this.locked(scope, key, work));
  }

  create(scope: string, data: object, associations: readonly Association[]): Promise<string> {
    return this.guard(async () => {
      const json = toRecordJson(data);
      checkAssociations(associations);
      const id = newRecordId();
      await this.insert(scope, id, json, associations);
      return id;
    });
  }

  read(scope: string, id: string): Promise<object | undefined> {
    return this.guard(async () => (await this.getRecord(scope, id))?.d);
  }

  readByAssociations(scope: string, associations: readonly Association[]): Promise<object[]> {
    return this.guard(async () => (await this.matching(scope, associations)).map(([, record]) => record.d));
  }

  update(scope: string, id: string, data: object, upsert: boolean, options?: RecordOptions): Promise<string> {
    return this.guard(async () => {
      const json = toRecordJson(data);
      const updated = await this.replace(scope, id, json, upsert, expiryOf(options));
      if (!updated) {
        throw new PersistenceError('not_found', 'No record with this id');
      }
      return id;
    });
  }

  updateByAssociations(scope: string, associations: readonly Association[], data: object, upsert: boolean): Promise<string> {
    return this.guard(async () => {
      const json = toRecordJson(data);
      requireAssociations(associations);
      const replaceAll = async (): Promise<string | undefined> => {
        let first: string | undefined;
        for (const [id] of await this.matching(scope, associations)) {
          if (await this.replace(scope, id, json, false)) {
            first ??= id;
          }
        }
        return first;
      };
      if (!upsert) {
        const first = await replaceAll();
        if (first === undefined) {
          throw new PersistenceError('not_found', 'No record carries these associations');
        }
        return first;
      }
      return this.locked(scope, lockKeys.upsert(associations), async () => {
        const first = await replaceAll();
        if (first !== undefined) {
          return first;
        }
        const id = newRecordId();
        await this.insert(scope, id, json, associations);
        return id;
      });
    });
  }

  remove(scope: string, id: string): Promise<object | undefined> {
    return this.guard(() => this.claim(scope, id));
  }

  removeByAssociations(scope: string, associations: readonly Association[]): Promise<object[]> {
    return this.guard(async () => {
      const claimed = await Promise.all((await this.matching(scope, associations)).map(([id]) => this.claim(scope, id)));
      return claimed.filter((data): data is object => data !== undefined);
    });
  }

  /** Writes a new record, then indexes it under each association. */
  private async insert(scope: string, id: string, json: string, associations: readonly Association[]): Promise<void> {
    const record: StoredRecord = { d: JSON.parse(json) as object, a: associations.map(({ model, id: associationId }) => [model, associationId]) };
    await this.set(storeKeys.record(scope, id), record);
    await Promise.all(associations.map((association) => this.index.add(scope, association, id)));
  }

  /** Replaces a record's data under its lock; creates it (unassociated) with `upsert`. False: no such record. */
  private replace(scope: string, id: string, json: string, upsert: boolean, expiresAt?: number): Promise<boolean> {
    return this.locked(scope, lockKeys.record(id), async () => {
      const key = storeKeys.record(scope, id);
      const current = await this.keyv.get<StoredRecord>(key);
      if (!current && !upsert) {
        return false;
      }
      const record: StoredRecord = { d: JSON.parse(json) as object, a: current?.a ?? [] };
      const ttlMs = expiresAt === undefined ? undefined : Math.max(1, expiresAt - Date.now());
      await this.set(key, record, ttlMs);
      if (ttlMs !== undefined) {
        this.sweepAfter(scope, id, record, ttlMs);
      }
      return true;
    });
  }

  /**
   * Keyv on a Map or SQLite only drops an expired entry when it is read, and nothing unindexes an
   * expired record: read it once it has expired (which frees it) and unindex it if it is gone.
   */
  private sweepAfter(scope: string, id: string, record: StoredRecord, ttlMs: number): void {
    const sweep = async (): Promise<void> => {
      const gone = await this.locked(scope, lockKeys.record(id), async () => (await this.keyv.get(storeKeys.record(scope, id))) === undefined);
      if (gone) {
        await Promise.all(associationsOf(record).map((association) => this.index.remove(scope, association, id)));
      }
    };
    setTimeout(() => {
      sweep().catch(() => undefined); // best effort: readers skip index entries of missing records anyway
    }, ttlMs + 1).unref();
  }

  /** Deletes a record if this caller is the one whose delete removed it; then unindexes it. */
  private async claim(scope: string, id: string): Promise<object | undefined> {
    const record = await this.locked(scope, lockKeys.record(id), async () => {
      const key = storeKeys.record(scope, id);
      const current = await this.keyv.get<StoredRecord>(key);
      // The store's delete result is the arbiter: only the caller whose delete removed the key wins.
      return current && (await this.keyv.delete(key)) ? current : undefined;
    });
    if (record) {
      await Promise.all(associationsOf(record).map((association) => this.index.remove(scope, association, id)));
    }
    return record?.d;
  }

  private async matching(scope: string, associations: readonly Association[]): Promise<Array<[string, StoredRecord]>> {
    requireAssociations(associations);
    const metas = await this.index.metas(scope, associations);
    let smallest: number | undefined;
    for (const [position, meta] of metas.entries()) {
      if (!meta) {
        return []; // nothing carries this association, so nothing carries all of them
      }
      if (smallest === undefined || meta.n < (metas[smallest] as { n: number }).n) {
        smallest = position;
      }
    }
    if (smallest === undefined) {
      return [];
    }
    const ids = await this.index.ids(scope, associations[smallest] as Association, metas[smallest] as { n: number; s: number });
    if (ids.length === 0) {
      return [];
    }
    const records = (await this.keyv.get<StoredRecord>(ids.map((id) => storeKeys.record(scope, id)))) as Array<StoredRecord | undefined>;
    const found: Array<[string, StoredRecord]> = [];
    for (const [position, record] of records.entries()) {
      if (record && carriesAll(associationsOf(record), associations)) {
        found.push([ids[position] as string, record]);
      }
    }
    return found;
  }

  private async getRecord(scope: string, id: string): Promise<StoredRecord | undefined> {
    return this.keyv.get<StoredRecord>(storeKeys.record(scope, id));
  }

  private async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    if ((await this.keyv.set(key, value, ttlMs)) === false) {
      throw new PersistenceError('store_failed', 'The store refused a write');
    }
  }

  /** Serialises work per (scope, key): in-process always, and across hosts when the store is shared. */
  private locked<T>(scope: string, key: string, work: () => Promise<T>): Promise<T> {
    return this.mutex.run(`${scope}\u0000${key}`, async () => {
      if (!this.shared) {
        return work();
      }
      const token = await pollAcquire(this.locks, scope, key, LOCK_TTL_MS, LOCK_WAIT_MS);
      if (token === undefined) {
        throw new PersistenceError('lock_timeout', `Waited ${LOCK_WAIT_MS} ms for a store lock`);
      }
      try {
        return await work();
      } finally {
        await this.locks.release(scope, key, token);
      }
    });
  }

  /** Store failures reject with a stable code; the store's own error stays as `cause`. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PersistenceError) {
        throw error;
      }
      throw new PersistenceError('store_failed', `The store failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

function associationsOf(record: StoredRecord): Association[] {
  return record.a.map(([model, id]) => ({ model, id }));
}
