import type { Association } from '../IPersistenceBridge.ts';
import type { JsonStore } from './JsonStore.ts';
import { lockKeys, storeKeys } from './storeKeys.ts';

/** Average ids per shard before the index doubles its shard count. Keeps each write small. */
const SPLIT_AT = 256;

export interface IndexMeta {
  /** How many ids the index holds. */
  n: number;
  /** How many shards (a power of two); an id lives in shard `hash(id) & (s - 1)`. */
  s: number;
  /** While the index has one shard, its ids live here, in the meta: one read finds them. */
  ids?: string[];
}

interface Change {
  add: boolean;
  id: string;
}

interface Batch {
  changes: Change[];
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

export type Locked = <T>(scope: string, lockKey: string, work: () => Promise<T>) => Promise<T>;

/**
 * The ids of the records carrying one association: in the index's meta while there are few, then
 * split over shards so that a write rewrites one small shard, not the whole index. Writers to one index are serialised by `locked` (in-process
 * and, on a shared store, across hosts); writers arriving while a batch is being written are
 * grouped into the next batch, so 1 000 concurrent creates cost far fewer than 1 000 lock rounds.
 */
export class ShardedIndex {
  private readonly queued = new Map<string, Batch>();
  private readonly flushing = new Set<string>();

  constructor(
    private readonly store: JsonStore,
    private readonly locked: Locked,
  ) {}

  /** Every id in the index. Ids can be stale (a record removed a moment ago): callers check the records. */
  async ids(scope: string, association: Association, meta: IndexMeta): Promise<string[]> {
    if (meta.ids) {
      return meta.ids;
    }
    const keys = Array.from({ length: meta.s }, (_, shard) => storeKeys.shard(scope, association, shard));
    const shards = await this.store.getMany<string[]>(keys);
    return [...new Set(shards.flatMap((ids) => ids ?? []))];
  }

  add(scope: string, association: Association, id: string): Promise<void> {
    return this.change(scope, association, { add: true, id });
  }

  remove(scope: string, association: Association, id: string): Promise<void> {
    return this.change(scope, association, { add: false, id });
  }

  private change(scope: string, association: Association, change: Change): Promise<void> {
    const name = storeKeys.meta(scope, association);
    return new Promise((resolve, reject) => {
      let batch = this.queued.get(name);
      if (!batch) {
        batch = { changes: [], waiters: [] };
        this.queued.set(name, batch);
      }
      batch.changes.push(change);
      batch.waiters.push({ resolve, reject });
      if (!this.flushing.has(name)) {
        this.flushing.add(name);
        void this.flush(scope, association, name);
      }
    });
  }

  private async flush(scope: string, association: Association, name: string): Promise<void> {
    for (let batch = this.queued.get(name); batch; batch = this.queued.get(name)) {
      this.queued.delete(name);
      try {
        await this.locked(scope, lockKeys.index(association), () => this.apply(scope, association, batch!.changes));
        batch.waiters.forEach((waiter) => waiter.resolve());
      } catch (error) {
        batch.waiters.forEach((waiter) => waiter.reject(error));
      }
    }
    this.flushing.delete(name);
  }

  /** Runs under the index lock: read the touched shards, change them, write them and the meta back. */
  private async apply(scope: string, association: Association, changes: readonly Change[]): Promise<void> {
    const metaKey = storeKeys.meta(scope, association);
    const meta = (await this.store.get<IndexMeta>(metaKey)) ?? { n: 0, s: 1, ids: [] };
    const inline = meta.s === 1;
    const touched = inline ? [0] : [...new Set(changes.map((change) => shardOf(change.id, meta.s)))];
    const keys = touched.map((shard) => storeKeys.shard(scope, association, shard));
    const current = inline ? [meta.ids ?? []] : (await this.store.getMany<string[]>(keys));
    const shards = new Map(touched.map((shard, index) => [shard, new Set(current[index] ?? [])]));
    let count = meta.n;
    for (const { add, id } of changes) {
      const ids = shards.get(shardOf(id, meta.s)) as Set<string>;
      if (add && !ids.has(id)) {
        ids.add(id);
        count += 1;
      } else if (!add && ids.delete(id)) {
        count -= 1;
      }
    }
    if (count <= 0) {
      // An empty index leaves nothing behind (single-use records such as OAuth states come and go).
      const all = inline ? [] : Array.from({ length: meta.s }, (_, shard) => storeKeys.shard(scope, association, shard));
      await this.store.deleteMany([metaKey, ...all]);
      return;
    }
    if (inline) {
      const ids = [...(shards.get(0) as Set<string>)];
      if (count > SPLIT_AT) {
        // Leaving the meta: shards first, then the meta that points to them.
        await Promise.all([0, 1].map((shard) => this.store.set(storeKeys.shard(scope, association, shard), ids.filter((id) => shardOf(id, 2) === shard))));
        await this.store.set(metaKey, { n: count, s: 2 });
      } else {
        await this.store.set(metaKey, { n: count, s: 1, ids });
      }
      return;
    }
    await Promise.all(touched.map((shard, index) => this.store.set(keys[index] as string, [...(shards.get(shard) as Set<string>)])));
    await this.store.set(metaKey, { n: count, s: meta.s });
    if (count > meta.s * SPLIT_AT) {
      await this.split(scope, association, { n: count, s: meta.s });
    }
  }

  /**
   * Doubles the shard count: shard k's ids move to k or k + s. New shards are written first, then
   * the meta, then the old shards are trimmed, so a reader with either meta finds every id (maybe
   * twice: readers de-duplicate). The cost is O(index) once per doubling: O(1) per write amortised.
   */
  private async split(scope: string, association: Association, meta: IndexMeta): Promise<void> {
    const grown = meta.s * 2;
    const oldKeys = Array.from({ length: meta.s }, (_, shard) => storeKeys.shard(scope, association, shard));
    const old = await this.store.getMany<string[]>(oldKeys);
    const stay = old.map((ids, shard) => (ids ?? []).filter((id) => shardOf(id, grown) === shard));
    const move = old.map((ids, shard) => (ids ?? []).filter((id) => shardOf(id, grown) !== shard));
    await Promise.all(move.map((ids, shard) => this.store.set(storeKeys.shard(scope, association, shard + meta.s), ids)));
    await this.store.set(storeKeys.meta(scope, association), { n: meta.n, s: grown });
    await Promise.all(stay.map((ids, shard) => this.store.set(oldKeys[shard] as string, ids)));
  }
}

/** FNV-1a: cheap, stable across processes, and well spread for random ids. */
function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & (shards - 1);
}
