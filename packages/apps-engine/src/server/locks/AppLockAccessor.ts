import { inject, injectable } from 'inversify';
import type { ILock, ILockAccessor, ILockOptions } from '../../definition/extensions/locks.ts';
import { TOKENS } from '../container/tokens.ts';
import type { ILockBridge } from '../persistence/IPersistenceBridge.ts';
import { pollAcquire } from './pollAcquire.ts';

const DEFAULT_TTL_MS = 30_000;
const DEFAULT_WAIT_MS = 10_000;
/** App keys live apart from the keys bridges use for themselves. */
const APP_KEY_PREFIX = 'app:';

/** `accessors.locks`: the bridge's lock capability with bounded waiting. */
@injectable()
export class AppLockAccessor implements ILockAccessor {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.LockBridge) private readonly bridge: ILockBridge,
  ) {}

  async acquire(key: string, options: ILockOptions = {}): Promise<ILock | undefined> {
    const ttlMs = positive(options.ttlMs, DEFAULT_TTL_MS);
    const waitMs = Math.max(0, options.waitMs ?? DEFAULT_WAIT_MS);
    const name = APP_KEY_PREFIX + key;
    // The lease runs from the successful attempt, which began no earlier than this mark.
    let attemptAt = 0;
    const timed: ILockBridge = {
      acquire: (appId, lockKey, ttl) => {
        attemptAt = Date.now();
        return this.bridge.acquire(appId, lockKey, ttl);
      },
      release: (appId, lockKey, token) => this.bridge.release(appId, lockKey, token),
    };
    const token = await pollAcquire(timed, this.appId, name, ttlMs, waitMs, options.signal);
    if (token === undefined) {
      return undefined;
    }
    const leaseEnd = attemptAt + ttlMs;
    let released: Promise<void> | undefined;
    return {
      release: () => {
        released ??= this.bridge.release(this.appId, name, token).then(() => undefined);
        return released;
      },
      // The bridge's answer where it can tell (Redis: the key still holds our token); else this
      // host's clock against a lease counted from before the attempt, which errs on "lost".
      isHeld: async () => {
        if (released !== undefined || Date.now() >= leaseEnd) return false;
        return this.bridge.isHeld ? this.bridge.isHeld(this.appId, name, token) : true;
      },
    };
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
