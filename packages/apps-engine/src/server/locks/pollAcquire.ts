import { setTimeout as sleep } from 'node:timers/promises';
import type { ILockBridge } from '../persistence/IPersistenceBridge.ts';

const FIRST_DELAY_MS = 2;
const MAX_DELAY_MS = 50;

/**
 * Tries `bridge.acquire` until it succeeds, `waitMs` passes or `signal` aborts. Delays double from
 * 2 ms up to 50 ms with jitter, so waiters on several hosts do not retry in lockstep.
 */
export async function pollAcquire(
  bridge: ILockBridge,
  appId: string,
  key: string,
  ttlMs: number,
  waitMs: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  let delay = FIRST_DELAY_MS;
  for (;;) {
    if (signal?.aborted) {
      return undefined;
    }
    const token = await bridge.acquire(appId, key, ttlMs);
    if (token !== undefined) {
      return token;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      return undefined;
    }
    const pause = Math.min(left, delay * (0.5 + Math.random()));
    try {
      await sleep(pause, undefined, signal ? { signal } : {});
    } catch {
      return undefined; // aborted while sleeping
    }
    delay = Math.min(MAX_DELAY_MS, delay * 2);
  }
}
