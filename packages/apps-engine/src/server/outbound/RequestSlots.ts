import { onAbort, type AbortSource } from './RequestAbort.ts';

/**
 * A bound on requests in flight: `take` gets a slot at once while one is free (no promise), else
 * waits in arrival order until `give` frees one, or until the signal aborts (the waiter leaves the
 * queue and the returned promise rejects with the signal's reason).
 */
export class RequestSlots {
  private free: number;
  private readonly waiting = new Set<() => void>();

  constructor(size: number) {
    this.free = size;
  }

  /** `true` when a slot was taken at once; otherwise a promise settled when one is handed over. */
  take(signal: AbortSource): true | Promise<void> {
    if (this.free > 0 && this.waiting.size === 0) {
      this.free -= 1;
      return true;
    }
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const stop = onAbort(signal, () => {
        this.waiting.delete(granted);
        reject(signal.reason);
      });
      const granted = (): void => {
        stop();
        resolve();
      };
      this.waiting.add(granted);
    });
  }

  /** Frees a slot: the first waiter gets it, or it goes back to the pool. */
  give(): void {
    for (const next of this.waiting) {
      this.waiting.delete(next);
      next();
      return;
    }
    this.free += 1;
  }
}
