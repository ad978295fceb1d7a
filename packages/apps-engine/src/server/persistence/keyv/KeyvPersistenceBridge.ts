/**
 * The default persistence bridge, over any Keyv (in-memory, @keyv/sqlite, @keyv/redis).
 *
 * Layout (see storeKeys.ts): one key per record, holding its data and its associations; one index
 * per association (the ids of the records carrying it): inline in the index's meta while small,
 * then sharded so a write rewrites one small shard (ShardedIndex.ts), with a count in the meta.
 * A match-all read walks one index (the first association's when it is small, else the smallest),
 * then keeps the records that carry every association: reading a user's record by
 * [user:u1, misc:'google-oauth-connection'] touches the one-entry user index whether the store
 * holds 1 000 records or 100 000. Upserts name the record they create after its association set
 * (`upsertId`), and reads fetch that id along with the metas: the usual "this user's token" read
 * is one store round trip (one MGET on Redis, one query on SQLite).
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
 * timeout becomes 5 s and node-redis's offline queue is turned off (calls fail while it reconnects).
 */
import { Keyv } from 'keyv';
import { PersistenceError } from '../../errors.ts';
import { InProcessLockBridge } from '../../locks/InProcessLockBridge.ts';
import { KeyedMutex } from '../../locks/KeyedMutex.ts';
import { pollAcquire } from '../../locks/pollAcquire.ts';
import { RedisLockBridge, type RedisLockClient } from '../../locks/RedisLockBridge.ts';
import type { Association, ILockBridge, IPersistenceBridge, RecordOptions } from '../IPersistenceBridge.ts';
import { carriesAll, checkAssociations, expiryOf, newRecordId, requireAssociations, toRecordJson } from '../records.ts';
import { ExpirySweeper, type IndexedExpiry } from './ExpirySweeper.ts';
import { JsonStore } from './JsonStore.ts';
import { LOCKED_PATH, RedisRecordScripts, type RedisScriptClient } from './RedisRecordScripts.ts';
import { ShardedIndex, type IndexMeta } from './ShardedIndex.ts';
import { lockKeys, storeKeys, upsertId } from './storeKeys.ts';

/** A record at rest: its data and the associations it was created with. */
interface StoredRecord {
  d: object;
  a: Array<[string, string]>;
}

/**
 * Internal locks (a record, an index, an upsert) on a shared store: renewed every third of this
 * while their operation runs, so a live holder keeps its lock however slow the store is, and a host
 * that crashed holding one blocks that record for at most this long. Short, because a refresh that
 * got a rotated token must write it within its lease (oauth2): a crashed host's lock on the token
 * record must not outlast that.
 */
export const STORE_LOCK_TTL_MS = 3_000;
const LOCK_RENEW_MS = STORE_LOCK_TTL_MS / 3;
const LOCK_WAIT_MS = 30_000;
const REDIS_CONNECT_TIMEOUT_MS = 5_000;
/** An index this small is walked as is, without reading the other associations' indexes. */
const FEW = 8;

export class KeyvPersistenceBridge implements IPersistenceBridge {
  readonly locks: ILockBridge;
  private readonly shared: boolean;
  private readonly mutex = new KeyedMutex();
  private readonly index: ShardedIndex;
  private readonly store: JsonStore;
  private readonly sweeper: ExpirySweeper;
  /** On Redis: one-script claims and replaces (see RedisRecordScripts), with the names they need. */
  private readonly scripts: { run: RedisRecordScripts; recordKey: (key: string) => string; lockKey: (scope: string, key: string) => string } | undefined;

  /**
   * `options.redisScripts: false` keeps every claim and replace on the locked path (for a Redis
   * that refuses Lua scripts, such as some managed services).
   */
  constructor(keyv: Keyv, options: { redisScripts?: boolean } = {}) {
    keyv.throwOnErrors = true;
    const defaultFormat = tuneSerialization(keyv);
    const store = keyv.store as
      | {
          throwOnErrors?: boolean;
          connectionTimeout?: number;
          getClient?: () => Promise<RedisLockClient>;
          client?: RedisClientLike;
          namespace?: string;
          createKeyPrefix?: (key: string, namespace: string | undefined) => string;
          isCluster?: () => boolean;
        }
      | undefined;
    if (store && 'throwOnErrors' in store) {
      store.throwOnErrors = true;
    }
    if (store && 'connectionTimeout' in store && store.connectionTimeout === undefined) {
      // Without a timeout @keyv/redis retries an unreachable server forever and every call hangs.
      store.connectionTimeout = REDIS_CONNECT_TIMEOUT_MS;
    }
    failWhileReconnecting(store?.client);
    const getClient = store?.getClient;
    this.shared = typeof getClient === 'function';
    const redisLocks = this.shared ? new RedisLockBridge(() => (getClient as () => Promise<RedisLockClient>).call(store), `${keyv.namespace ?? 'keyv'}:plugboard-lock:`) : undefined;
    this.locks = redisLocks ?? new InProcessLockBridge();
    this.store = new JsonStore(keyv, defaultFormat);
    // Scripts need @keyv/redis's key names, Keyv's own text format, no default ttl, and one node (a
    // cluster would refuse a script touching a record and its lock, which live in different slots).
    const createKeyPrefix = store?.createKeyPrefix;
    if (options.redisScripts !== false && redisLocks && defaultFormat && typeof createKeyPrefix === 'function' && store?.isCluster?.() === false && keyv.ttl === undefined) {
      const jsonStore = this.store;
      this.scripts = {
        run: new RedisRecordScripts(async () => (await (getClient as () => Promise<unknown>).call(store)) as RedisScriptClient),
        recordKey: (key) => createKeyPrefix.call(store, jsonStore.prefixed(key), store.namespace),
        lockKey: (scope, key) => redisLocks.keyOf(scope, key),
      };
    }
    this.sweeper = new ExpirySweeper((key) => this.store.expiryOf(key), (entry) => this.unindexExpired(entry));
    this.index = new ShardedIndex(this.store, (scope, key, work) => this.locked(scope, key, work));
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
        for (const [id, found] of await this.matching(scope, associations)) {
          if (await this.replace(scope, id, json, false, undefined, found.a)) {
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
      // Records of this set already there are replaced under their own record locks; the set's
      // upsert lock only serialises creating its record (a user's token is written far more often
      // than created: every refresh writes it).
      const replaced = await replaceAll();
      if (replaced !== undefined) {
        return replaced;
      }
      return this.locked(scope, lockKeys.upsert(associations), async () => (await replaceAll()) ?? this.insertForSet(scope, json, associations));
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
    await this.store.setText(storeKeys.record(scope, id), recordText(json, associations.map(({ model, id: associationId }) => [model, associationId])));
    await Promise.all(associations.map((association) => this.index.add(scope, association, id)));
  }

  /**
   * Creates the upsert record of an association set under its derived id (see `upsertId`), holding
   * the record lock so that a concurrent claim of an earlier record with this id finishes its
   * unindexing first. Runs under the set's upsert lock.
   */
  private insertForSet(scope: string, json: string, associations: readonly Association[]): Promise<string> {
    const id = upsertId(associations);
    return this.locked(scope, lockKeys.record(id), async () => {
      const existing = await this.store.get<StoredRecord>(storeKeys.record(scope, id));
      if (existing && !sameSet(associationsOf(existing), associations)) {
        // An app chose this id for a record of its own: leave it, use a random id.
        const other = newRecordId();
        await this.insert(scope, other, json, associations);
        return other;
      }
      // An existing record with this set that no read found was never fully indexed: this repairs it.
      await this.insert(scope, id, json, associations);
      return id;
    });
  }

  /**
   * Replaces a record's data under its lock; creates it (unassociated) with `upsert`. False: no such
   * record. `known`: the associations a read just found on it (else it is expected to carry none),
   * which lets the one-script replace on Redis write it without the lock round trips.
   */
  private replace(scope: string, id: string, json: string, upsert: boolean, expiresAt?: number, known: StoredRecord['a'] = []): Promise<boolean> {
    const fast = this.scripts && (async (): Promise<boolean | typeof LOCKED_PATH> => {
      const { run, recordKey, lockKey } = this.scripts!;
      const ttlMs = expiresAt === undefined ? undefined : Math.max(1, expiresAt - Date.now());
      const key = storeKeys.record(scope, id);
      const text = this.store.storedText(recordText(json, known), ttlMs);
      const written = await run.replace(recordKey(key), lockKey(scope, lockKeys.record(id)), `,"a":${JSON.stringify(known)}}`, text, ttlMs, upsert && known.length === 0);
      if (written === LOCKED_PATH) return LOCKED_PATH;
      if (expiresAt !== undefined && known.length > 0) {
        this.sweeper.add({ key: this.store.prefixed(key), scope, id, associations: known }, expiresAt);
      }
      return true;
    });
    return this.locked(scope, lockKeys.record(id), async () => {
      const key = storeKeys.record(scope, id);
      const current = await this.store.get<StoredRecord>(key);
      if (!current && !upsert) {
        return false;
      }
      const associations = current?.a ?? [];
      if (expiresAt === undefined) {
        await this.store.setText(key, recordText(json, associations));
        return true;
      }
      const storeKey = this.store.prefixed(key);
      await this.store.setText(storeKey, recordText(json, associations), Math.max(1, expiresAt - Date.now()));
      if (associations.length > 0) {
        this.sweeper.add({ key: storeKey, scope, id, associations }, expiresAt);
      } else if (!this.shared) {
        // Redis expires keys itself; a Map or SQLite frees an expired key only when it is read.
        this.sweeper.add(storeKey, expiresAt);
      }
      return true;
    }, fast);
  }

  /** An expired record carrying associations: unindex it, unless it was re-created meanwhile. */
  private unindexExpired({ key, scope, id, associations }: IndexedExpiry): Promise<void> {
    return this.locked(scope, lockKeys.record(id), async () => {
      if ((await this.store.get(key)) !== undefined) {
        return;
      }
      await this.unindex(scope, id, { d: {}, a: associations });
    });
  }

  /** Deletes a record if this caller is the one whose delete removed it; then unindexes it. */
  private async claim(scope: string, id: string): Promise<object | undefined> {
    // On Redis, a record with no associations (nothing to unindex) is claimed by one script.
    const fast = this.scripts && (async (): Promise<StoredRecord | undefined | typeof LOCKED_PATH> => {
      const { run, recordKey, lockKey } = this.scripts!;
      const stored = await run.claim(recordKey(storeKeys.record(scope, id)), lockKey(scope, lockKeys.record(id)));
      return stored === LOCKED_PATH || stored === undefined ? stored : this.store.fromStoredText<StoredRecord>(stored);
    });
    const record = await this.locked(scope, lockKeys.record(id), async () => {
      const key = storeKeys.record(scope, id);
      const current = await this.store.get<StoredRecord>(key);
      // The store's delete result is the arbiter: only the caller whose delete removed the key wins.
      const won = current && (await this.store.delete(key)) ? current : undefined;
      // Unindex before releasing the record: an upsert may re-create this very id right after.
      await this.unindex(scope, id, won);
      return won;
    }, fast);
    return record?.d;
  }

  private async unindex(scope: string, id: string, record: StoredRecord | undefined): Promise<void> {
    if (record) {
      await Promise.all(associationsOf(record).map((association) => this.index.remove(scope, association, id)));
    }
  }

  private async matching(scope: string, associations: readonly Association[]): Promise<Array<[string, StoredRecord]>> {
    requireAssociations(associations);
    const [candidates, guess, guessed] = await this.candidates(scope, associations);
    const known = new Map<string, StoredRecord | undefined>([[guess, guessed]]);
    const unknown = candidates.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      const fetched = await this.store.getMany<StoredRecord>(unknown.map((id) => storeKeys.record(scope, id)));
      unknown.forEach((id, position) => known.set(id, fetched[position]));
    }
    const found: Array<[string, StoredRecord]> = [];
    for (const id of candidates) {
      const record = known.get(id);
      if (record && associations.every(({ model, id: wanted }) => record.a.some(([m, i]) => m === model && i === wanted))) {
        found.push([id, record]);
      }
    }
    return found;
  }

  /**
   * Ids that may carry every association (any one index's ids will do: records are checked after),
   * plus the upsert id of the set and that record, fetched in the same round trip. The first
   * association's index is tried first; when it is small (apps name the user first) that is the
   * whole read. Otherwise the other metas are read and the smallest index is walked.
   */
  private async candidates(scope: string, associations: readonly Association[]): Promise<[string[], string, StoredRecord | undefined]> {
    const guess = upsertId(associations);
    const first = associations[0] as Association;
    const [firstMeta, guessed] = (await this.store.getMany<unknown>([storeKeys.meta(scope, first), storeKeys.record(scope, guess)])) as [IndexMeta | undefined, StoredRecord | undefined];
    if (!firstMeta) {
      return [[], guess, guessed]; // nothing carries this association, so nothing carries all of them
    }
    if (associations.length === 1 || (firstMeta.ids && firstMeta.n <= FEW)) {
      return [await this.index.ids(scope, first, firstMeta), guess, guessed];
    }
    const rest = associations.slice(1);
    const metas = await this.store.getMany<IndexMeta>(rest.map((association) => storeKeys.meta(scope, association)));
    let smallest: [Association, IndexMeta] = [first, firstMeta];
    for (const [position, meta] of metas.entries()) {
      if (!meta) {
        return [[], guess, guessed];
      }
      if (meta.n < smallest[1].n) {
        smallest = [rest[position] as Association, meta];
      }
    }
    return [await this.index.ids(scope, ...smallest), guess, guessed];
  }

  private async getRecord(scope: string, id: string): Promise<StoredRecord | undefined> {
    return this.store.get<StoredRecord>(storeKeys.record(scope, id));
  }

  /** Serialises work per (scope, key): in-process always, and across hosts when the store is shared. */
  private locked<T>(scope: string, key: string, work: () => Promise<T>, fast?: () => Promise<T | typeof LOCKED_PATH>): Promise<T> {
    return this.mutex.run(`${scope}\u0000${key}`, async () => {
      if (!this.shared) {
        return work();
      }
      if (fast) {
        // A one-script version of `work` that runs only while the lock is free (RedisRecordScripts).
        const done = await fast();
        if (done !== LOCKED_PATH) {
          return done;
        }
      }
      const token = await pollAcquire(this.locks, scope, key, STORE_LOCK_TTL_MS, LOCK_WAIT_MS);
      if (token === undefined) {
        throw new PersistenceError('lock_timeout', `Waited ${LOCK_WAIT_MS} ms for a store lock`);
      }
      const renewal = setInterval(() => {
        // A failed renewal (the store restarting) is tried again at the next tick.
        void this.locks.extend?.(scope, key, token, STORE_LOCK_TTL_MS)?.catch(() => undefined);
      }, LOCK_RENEW_MS);
      renewal.unref();
      try {
        return await work();
      } finally {
        clearInterval(renewal);
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

/** The bits of a node-redis client the bridge configures. */
interface RedisClientLike {
  options?: { disableOfflineQueue?: boolean };
  isReady?: boolean;
  once?(event: 'ready', listener: () => void): unknown;
}

/**
 * node-redis queues commands while it reconnects, so a Redis that went away makes every call wait
 * until it comes back. Once the client has been ready, fail them at once instead (the caller sees
 * `store_failed`). Not before: the first commands are sent while the first connection is made.
 */
function failWhileReconnecting(client: RedisClientLike | undefined): void {
  const options = client?.options;
  if (!client || !options || options.disableOfflineQueue !== undefined) {
    return; // not node-redis, or the owner chose
  }
  if (client.isReady) {
    options.disableOfflineQueue = true;
  } else {
    client.once?.('ready', () => {
      options.disableOfflineQueue ??= true;
    });
  }
}

/** Keyvs already tuned, and whether they keep Keyv's default format (written by the functions below). */
const tuned = new WeakMap<Keyv, boolean>();
/** A Keyv nobody configured: its serializer and deserializer are Keyv's defaults, to compare against. */
let untouched: Keyv | undefined;

/**
 * Keyv's default text format, written and read faster, byte for byte the same, so records written
 * before, or by hosts and tools that use Keyv's own functions, read the same and vice versa.
 *
 * - Writing: Keyv's default serializer walks the value and builds its text by `+=`; what the bridge
 *   stores is always `{ value: <JSON text>, expires? }`, whose text `JSON.stringify` gives directly
 *   (with Keyv's escape of a string starting with ':'). Anything else goes to Keyv's own function.
 * - Reading: Keyv's default parses with a reviver (un-escaping ':' strings, reviving Buffers), which
 *   V8 runs several times slower than a plain `JSON.parse`; the same un-escaping is done after a
 *   plain parse (the reviver's rules applied to every string, bottom-up, as the reviver would).
 * - The stored text is made flat: a string built from pieces is kept by V8 as a tree of them, which
 *   in an in-memory Keyv is what stays in the Map, at about 1.7 times the size of the text (a pending
 *   authorization: ~880 bytes instead of ~500). Reading one character flattens it in place.
 *
 * A Keyv given its own serializer or deserializer (compression, another format) keeps them; only
 * its output is flattened.
 */
function tuneSerialization(keyv: Keyv): boolean {
  const serialize = keyv.serialize;
  if (typeof serialize !== 'function') {
    return false;
  }
  if (tuned.has(keyv)) {
    return tuned.get(keyv) as boolean;
  }
  untouched ??= new Keyv();
  const flat = (text: unknown): unknown => {
    if (typeof text === 'string') {
      text.charCodeAt(0);
    }
    return text;
  };
  if (serialize !== untouched.serialize || keyv.deserialize !== untouched.deserialize) {
    tuned.set(keyv, false);
    keyv.serialize = (data) => {
      const text: unknown = serialize(data);
      return (text instanceof Promise ? text.then(flat) : flat(text)) as ReturnType<typeof serialize>;
    };
    return false;
  }
  tuned.set(keyv, true);
  keyv.serialize = (data) => {
    const text = envelopeText(data);
    return (text === undefined ? serialize(data) : flat(text)) as ReturnType<typeof serialize>;
  };
  keyv.deserialize = ((text: string) => unescapeStrings(JSON.parse(text) as unknown)) as typeof keyv.deserialize;
  return true;
}

/** `{ value: string, expires?: number }` as Keyv's default serializer writes it; `undefined` for any other shape. */
function envelopeText(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Object.getPrototypeOf(data) !== Object.prototype) {
    return undefined;
  }
  const { value, expires, ...rest } = data as { value?: unknown; expires?: unknown };
  if (typeof value !== 'string' || Object.keys(rest).length > 0 || Object.keys(data).indexOf('value') !== 0) {
    return undefined;
  }
  const text = JSON.stringify(value.startsWith(':') ? `:${value}` : value);
  if (expires === undefined) {
    return `{"value":${text}}`;
  }
  return typeof expires === 'number' && Number.isFinite(expires) ? `{"value":${text},"expires":${JSON.stringify(expires)}}` : undefined;
}

/** Keyv's default reviver, applied after the parse: ':base64:' strings become Buffers, a leading ':' is dropped. */
function unescapeStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(':')) {
      return value;
    }
    return value.startsWith(':base64:') ? Buffer.from(value.slice(8), 'base64') : value.slice(1);
  }
  if (typeof value === 'object' && value !== null) {
    const container = value as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      container[key] = unescapeStrings(container[key]);
    }
  }
  return value;
}

/** A StoredRecord's JSON text from its data's (`toRecordJson`): what `JSON.stringify({ d, a })` gives, without parsing `d` again. */
function recordText(json: string, associations: StoredRecord['a']): string {
  return `{"d":${json},"a":${JSON.stringify(associations)}}`;
}

function sameSet(a: readonly Association[], b: readonly Association[]): boolean {
  return carriesAll(a, b) && carriesAll(b, a);
}

function associationsOf(record: StoredRecord): Association[] {
  return record.a.map(([model, id]) => ({ model, id }));
}
