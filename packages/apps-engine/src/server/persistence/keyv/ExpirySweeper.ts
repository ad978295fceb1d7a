/** How far apart sweeps are: records are freed within this long after they expire. */
const BUCKET_MS = 1_000;
/** Sweep a little after a bucket ends, so that the store agrees the records in it have expired. */
const MARGIN_MS = 20;

/** A record with associations, to unindex once it is gone. */
export interface IndexedExpiry {
  key: string;
  scope: string;
  id: string;
  /** Its associations as stored (`[model, id]` pairs). */
  associations: Array<[string, string]>;
}

/**
 * What the store says about a key: `undefined` when it is gone (reading an expired key removes it),
 * `null` when it is kept for good (written again without a TTL), else when it expires.
 */
export type ExpiryOf = (key: string) => Promise<number | null | undefined>;

/**
 * Frees records whose TTL has passed. Keyv on a Map or SQLite only drops an expired entry when it
 * is read, and nothing unindexes an expired record; so each expiring write is remembered, grouped
 * by the second it expires in, with one timer per second: a plain record costs one reference to
 * its store key (the very string the Map holds), not a timer and a closure each. A record still
 * there when its turn comes (the event loop's clock lags under load, or it was written again with
 * a later expiry) is checked again at its new expiry; one written again without a TTL is left.
 */
export class ExpirySweeper {
  private readonly buckets = new Map<number, Array<string | IndexedExpiry>>();

  constructor(
    private readonly expiryOf: ExpiryOf,
    private readonly gone: (entry: IndexedExpiry) => Promise<void>,
  ) {}

  /** Checks `entry` (a store key, or an indexed record) once `expiresAt` (epoch ms) has passed. */
  add(entry: string | IndexedExpiry, expiresAt: number): void {
    const bucket = Math.ceil(expiresAt / BUCKET_MS);
    const entries = this.buckets.get(bucket);
    if (entries) {
      entries.push(entry);
      return;
    }
    this.buckets.set(bucket, [entry]);
    setTimeout(() => void this.sweep(bucket), Math.max(0, bucket * BUCKET_MS - Date.now()) + MARGIN_MS).unref();
  }

  /** Entries waiting, for tests and benchmarks. */
  get size(): number {
    let size = 0;
    for (const entries of this.buckets.values()) size += entries.length;
    return size;
  }

  private async sweep(bucket: number): Promise<void> {
    const entries = this.buckets.get(bucket) ?? [];
    this.buckets.delete(bucket);
    for (const entry of entries) {
      try {
        const expiresAt = await this.expiryOf(typeof entry === 'string' ? entry : entry.key);
        if (expiresAt === undefined) {
          if (typeof entry !== 'string') await this.gone(entry);
        } else if (expiresAt !== null) {
          this.add(entry, Math.max(expiresAt, Date.now() + 1));
        }
      } catch {
        // Best effort: readers skip missing records and index entries naming them; a later write sweeps again.
      }
    }
  }
}
