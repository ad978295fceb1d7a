import { InProcessLockBridge, MemoryPersistenceBridge, PersistenceError, type Association, type IPersistenceBridge } from '@plugboard/apps-engine/server';

/** What kind of record a write is for, from its associations (`<alias>-oauth-connection`: a token). */
function kindOf(associations: readonly Association[]): string {
  const misc = associations.find((a) => a.model === 'misc')?.id ?? '';
  if (misc.endsWith('-oauth-connection')) return 'token';
  if (misc.includes('-oauth-status')) return 'status';
  return 'other';
}

/**
 * A memory bridge that logs the writes it is asked for, by kind, into `log` (shared with the test's
 * other witnesses, in order), and injects faults a real store cannot produce on demand: the next
 * writes of a kind failing, a refresh lock whose lease reads as lost, and a refresh lock whose
 * release fails (the store down just then).
 */
export function instrumentedBridge(log: string[] = []) {
  const inner = new MemoryPersistenceBridge();
  const locks = new InProcessLockBridge();
  const failing = new Map<string, number>();
  const control = {
    log,
    /** The next `count` writes of this kind reject. */
    failNext(kind: string, count: number) {
      failing.set(kind, count);
    },
    /** When true, `isHeld` answers false for every refresh lock. */
    leaseLost: false,
    /** When true, releasing a refresh lock rejects as a store would (`store_failed`); the lock stays held until its lease ends. */
    releaseFails: false,
  };
  const write = async <T>(kind: string, run: () => Promise<T>): Promise<T> => {
    const left = failing.get(kind) ?? 0;
    if (left > 0) {
      failing.set(kind, left - 1);
      log.push(`${kind}-write-failed`);
      throw new Error('the store is down (injected)');
    }
    const result = await run();
    log.push(`${kind}-write`);
    return result;
  };
  const bridge: IPersistenceBridge = {
    create: (appId, data, associations) => write(kindOf(associations), () => inner.create(appId, data, associations)),
    read: (appId, id) => inner.read(appId, id),
    readByAssociations: (appId, associations) => inner.readByAssociations(appId, associations),
    update: (appId, id, data, upsert, options) => write('other', () => inner.update(appId, id, data, upsert, options)),
    updateByAssociations: (appId, associations, data, upsert) => write(kindOf(associations), () => inner.updateByAssociations(appId, associations, data, upsert)),
    remove: (appId, id) => inner.remove(appId, id),
    removeByAssociations: (appId, associations) => write(kindOf(associations), () => inner.removeByAssociations(appId, associations)),
    locks: {
      acquire: (appId, key, ttlMs) => locks.acquire(appId, key, ttlMs),
      release: async (appId, key, token) => {
        if (control.releaseFails && key.includes('oauth2-refresh:')) {
          log.push('lock-release-failed');
          throw new PersistenceError('store_failed', 'The store failed: connection lost (injected)');
        }
        return locks.release(appId, key, token);
      },
      isHeld: async (appId, key, token) => (control.leaseLost && key.includes('oauth2-refresh:') ? false : locks.isHeld(appId, key, token)),
    },
  };
  return Object.assign(control, { bridge });
}
