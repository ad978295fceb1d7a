/**
 * Stored setting values remembered for a short time, so that a hot path (an OAuth callback reads
 * the client id and secret on every request) does not cost a store round trip per setting.
 *
 * - A value set through this host is seen at once: `forget` drops the entry before and after the
 *   store write, and a read that was already under way when it ran does not fill the cache with what
 *   it fetched (each entry carries the generation it was read in).
 * - A value set through another host sharing the store (nothing tells this host) is seen here at
 *   most `ttlMs` later. Rocket.Chat's own apps engine also caches settings per instance; this bound
 *   is Plugboard's. `ttlMs` 0 turns the cache off (every read goes to the store).
 */
export class SettingValueCache {
  private readonly entries = new Map<string, { value: unknown; until: number }>();
  /** Bumped by every `forget`: a read that began before cannot fill the cache. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, else `read()`'s, remembered for `ttlMs` unless forgotten meanwhile. */
  async get(key: string, read: () => Promise<unknown>): Promise<unknown> {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) {
      return copy(entry.value);
    }
    const generation = this.generation;
    const value = await read();
    if (this.ttlMs > 0 && generation === this.generation) {
      this.entries.set(key, { value, until: this.now() + this.ttlMs });
    }
    return copy(value);
  }

  forget(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  /** Forgets every key starting with `prefix` (an app's settings). */
  forgetPrefix(prefix: string): void {
    this.generation += 1;
    for (const key of this.entries.keys()) {
      if (key.startsWith(prefix)) {
        this.entries.delete(key);
      }
    }
  }
}

/** A caller gets its own copy of a list (MULTI_SELECT) or object, as from the store: its changes stay its own. */
function copy(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}
