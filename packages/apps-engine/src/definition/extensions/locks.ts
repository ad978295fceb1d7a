/** A held lock. `release` is safe to call more than once and never releases someone else's lock. */
export interface ILock {
  release(): Promise<void>;
  /** Whether the lease still holds (it can lapse while its holder is stalled past `ttlMs`). */
  isHeld?(): Promise<boolean>;
}

export interface ILockOptions {
  /** How long the lock lives if its holder never releases it (a crashed host). Default 30 000. */
  ttlMs?: number;
  /** How long to wait for a lock someone else holds before giving up. Default 10 000. */
  waitMs?: number;
  /** Stops waiting early. */
  signal?: AbortSignal;
}

/**
 * Mutual exclusion per app and key, across every host that shares the app's store (in-process for
 * a memory store, `SET NX PX` on Redis). Plugboard extension: Rocket.Chat has no equivalent.
 */
export interface ILockAccessor {
  /** Resolves with the lock, or `undefined` when `waitMs` passed (or `signal` aborted) first. */
  acquire(key: string, options?: ILockOptions): Promise<ILock | undefined>;
}
