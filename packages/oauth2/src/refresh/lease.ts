import type { ILock } from '@plugboard/apps-engine';

/** What a refresh keeps of its lease for writing the answer (retried while the lease holds). */
export const WRITE_RESERVE_MS = 2_000;

/**
 * The refresh lock's lease for a back-channel deadline: always longer than the deadline, twice
 * over, plus the write reserve. The token request gets at most the deadline; the rest of the lease
 * is there to write its answer, even through a short store outage.
 */
export function refreshLeaseMs(timeoutMs: number): number {
  return 2 * timeoutMs + WRITE_RESERVE_MS;
}

/** Kept free at the end of a lease: a write must not start that close to the lease's end. */
const END_GUARD_MS = WRITE_RESERVE_MS / 4;

/**
 * A held refresh lock and its lease as this host counts it. `held()` asks the lock (a store lock
 * answers whether it still holds our token) and always says `lost` once the lease is near its end.
 */
export class RefreshLease {
  readonly end: number;

  constructor(
    private readonly lock: ILock,
    readonly acquiredAt: number,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.end = acquiredAt + refreshLeaseMs(timeoutMs);
  }

  /** The token request's deadline: the back-channel deadline, and never past half the write reserve. */
  requestDeadline(): number {
    return Math.min(this.now() + this.timeoutMs, this.acquiredAt + this.timeoutMs + WRITE_RESERVE_MS / 2);
  }

  /** Whether a write may start now; `unknown` when the lock's store could not be asked. */
  async held(): Promise<'held' | 'lost' | 'unknown'> {
    if (this.now() >= this.end - END_GUARD_MS) return 'lost';
    if (!this.lock.isHeld) return 'held';
    try {
      return (await this.lock.isHeld()) ? 'held' : 'lost';
    } catch {
      return 'unknown';
    }
  }

  /** Whether a pause of `ms` still leaves room to write before the lease ends. */
  hasTimeFor(ms: number): boolean {
    return this.now() + ms < this.end - END_GUARD_MS;
  }
}
