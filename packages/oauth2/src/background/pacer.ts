import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import type { ILockAccessor } from '@plugboard/apps-engine';

/** How long a reservation waits for the pace lock before it gives up (the job then runs later). */
const LOCK_WAIT_MS = 5_000;

/**
 * Paces background token requests per provider across every host sharing the store, so that a
 * restart (every overdue job at once) or a burst of grants written together does not storm the
 * provider: each request reserves the next free slot, `60 000 / perMinute` ms after the one
 * before, under a store lock (a leaky bucket whose one number lives in the store). A job whose slot
 * is later than now runs again at its slot instead of waiting. Calls made for users (a slash
 * command) are never paced: only background work is.
 */
export class Pacer {
  constructor(
    private readonly locks: ILockAccessor,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Reserves a slot for one request to `provider`: resolves with its time (now, or later when the
   * provider is busy), or `undefined` when the pace lock could not be had (try again later).
   */
  async reserve(reader: IPersistenceRead, persis: IPersistence, provider: string, perMinute: number): Promise<number | undefined> {
    const lock = await this.locks.acquire(`oauth2-pace:${provider}`, { ttlMs: LOCK_WAIT_MS, waitMs: LOCK_WAIT_MS });
    if (!lock) return undefined;
    try {
      const association = [new AssociationRecord(AssociationModel.MISC, `oauth2-pace:${provider}`)];
      const [record] = (await reader.readByAssociations(association)) as Array<{ next?: unknown }>;
      const next = typeof record?.next === 'number' && Number.isFinite(record.next) ? record.next : 0;
      const now = this.now();
      const slot = Math.max(now, next);
      await persis.updateByAssociations(association, { next: slot + 60_000 / perMinute }, true);
      return slot;
    } finally {
      await lock.release();
    }
  }
}
