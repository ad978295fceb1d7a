/**
 * What a host implements to store apps' records. The host hands every app an `IPersistence` /
 * `IPersistenceRead` built on this bridge; run `runPersistenceConformance` from
 * `@plugboard/apps-engine/testing` against your implementation to check it.
 *
 * Rules every implementation follows:
 * - `appId` scopes everything: a record, an index or a lock of one scope is invisible to others.
 *   Treat it as an opaque non-empty string (the host also uses scopes such as `#settings`).
 * - Records are JSON objects. Store a copy: later mutation of the caller's object, or of an object
 *   you returned, must not change what is stored.
 * - Association matching is match-all: a record matches a list when it carries every association
 *   in it (it may carry more). An empty list is an error (`PersistenceError('invalid_argument')`).
 * - Removal is a claim: when several callers (in this process, or on other hosts sharing the store)
 *   race to remove one record, exactly one of them receives it; the others see nothing.
 * - `updateByAssociations` with `upsert` is atomic per association set: concurrent upserts on one
 *   set leave exactly one record.
 * - Failures reject (never resolve `false` or `undefined` for "the store is down").
 */
export interface IPersistenceBridge {
  /** Stores a new record with these associations (possibly none); resolves with its new id. */
  create(appId: string, data: object, associations: readonly Association[]): Promise<string>;
  read(appId: string, id: string): Promise<object | undefined>;
  /** Every record carrying all the given associations. */
  readByAssociations(appId: string, associations: readonly Association[]): Promise<object[]>;
  /**
   * Replaces the data of record `id`, keeping its associations. When it is missing: with `upsert`,
   * creates it under this id with no associations; without, rejects with `PersistenceError('not_found')`.
   * With `options.ttlMs` the record expires that long after this write: from then on it reads as
   * absent, cannot be claimed, and the store frees it. A write without `ttlMs` keeps it for good.
   */
  update(appId: string, id: string, data: object, upsert: boolean, options?: RecordOptions): Promise<string>;
  /**
   * Replaces the data of every record carrying all the associations; resolves with the first id.
   * No match: with `upsert`, creates one record carrying exactly these associations; without,
   * rejects with `PersistenceError('not_found')`.
   */
  updateByAssociations(appId: string, associations: readonly Association[], data: object, upsert: boolean): Promise<string>;
  /** Claims and removes a record; `undefined` when there was none (or another caller won it). */
  remove(appId: string, id: string): Promise<object | undefined>;
  /** Claims and removes every matching record; resolves with those this caller won. */
  removeByAssociations(appId: string, associations: readonly Association[]): Promise<object[]>;
  /** Optional: locks shared by every host on the same store. Without it the host locks in-process. */
  readonly locks?: ILockBridge;
}

export interface RecordOptions {
  /** Milliseconds until the record expires (a positive number). */
  ttlMs?: number;
}

/** One association as the bridge sees it (plain data, e.g. `{ model: 'user', id: 'u1' }`). */
export interface Association {
  readonly model: string;
  readonly id: string;
}

/**
 * Mutual exclusion per scope and key, with expiry so that a crashed holder cannot block forever.
 * Both calls answer at once (no waiting): the host polls `acquire` with backoff.
 */
export interface ILockBridge {
  /** Takes the lock when free (or expired) for `ttlMs`; resolves with an ownership token, else `undefined`. */
  acquire(appId: string, key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock only if `token` still owns it; resolves `true` when it did. */
  release(appId: string, key: string, token: string): Promise<boolean>;
  /**
   * Optional: whether `token` still owns the lock (its ttl has not run out and nobody took it
   * since). A holder checks it before a write that must not follow a lapsed lease. Without it, the
   * host answers from its own clock (the ttl counted from before the acquire).
   */
  isHeld?(appId: string, key: string, token: string): Promise<boolean>;
  /**
   * Optional: gives a lock `token` still owns a fresh `ttlMs` from now; resolves `false` when the
   * token no longer owns it. A holder renews its lock this way while its work runs, so the ttl can
   * be short and a crashed holder's lock frees soon.
   */
  extend?(appId: string, key: string, token: string, ttlMs: number): Promise<boolean>;
}
