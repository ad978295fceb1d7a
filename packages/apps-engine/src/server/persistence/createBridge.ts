// Named, not default: the CommonJS build must get the class from keyv's CommonJS build too.
import { Keyv } from 'keyv';
import type { IPersistenceBridge } from './IPersistenceBridge.ts';
import { EncryptingPersistenceBridge, parseHostKeys, type HostKeyInput } from './EncryptingPersistenceBridge.ts';
import { KeyvPersistenceBridge } from './keyv/KeyvPersistenceBridge.ts';
import { openKeyvStore } from './keyv/openKeyvStore.ts';

export interface HostBridge {
  bridge: IPersistenceBridge;
  /** Disconnects a store the host opened from a location; a Keyv the caller passed is theirs to close. */
  close(): Promise<void>;
}

/**
 * The bridge a host runs on: the one it was given, else a Keyv bridge over the store (a Keyv, a
 * location such as `redis://…` or `sqlite://…`, default in memory); wrapped so that records are
 * encrypted at rest when the host has an `encryptionKey`.
 */
export function createBridge(options: {
  persistence?: IPersistenceBridge | undefined;
  store?: Keyv | string | undefined;
  encryptionKey?: HostKeyInput | readonly HostKeyInput[] | undefined;
  encryptionMigration?: boolean | undefined;
  /** Where the bridge reports what the migration step read (the host's log). */
  log?: (message: string) => void;
}): HostBridge {
  const opened = typeof options.store === 'string' ? openKeyvStore(options.store) : undefined;
  const bridge = options.persistence ?? new KeyvPersistenceBridge(opened ?? (options.store as Keyv | undefined) ?? new Keyv());
  return {
    bridge:
      options.encryptionKey === undefined
        ? bridge
        : new EncryptingPersistenceBridge(bridge, parseHostKeys(options.encryptionKey), {
            ...(options.encryptionMigration ? { migrate: true } : {}),
            ...(options.log ? { log: options.log } : {}),
          }),
    close: async () => {
      await opened?.disconnect();
    },
  };
}
