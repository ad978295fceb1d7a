import Keyv from 'keyv';
import type { IPersistenceBridge } from './IPersistenceBridge.ts';
import { EncryptingPersistenceBridge, parseHostKey } from './EncryptingPersistenceBridge.ts';
import { KeyvPersistenceBridge } from './keyv/KeyvPersistenceBridge.ts';

/**
 * The bridge a host runs on: the one it was given, else a Keyv bridge over the store (default: in
 * memory); wrapped so that records are encrypted at rest when the host has an `encryptionKey`.
 */
export function createBridge(options: {
  persistence?: IPersistenceBridge | undefined;
  store?: Keyv | undefined;
  encryptionKey?: Uint8Array | string | undefined;
}): IPersistenceBridge {
  const bridge = options.persistence ?? new KeyvPersistenceBridge(options.store ?? new Keyv());
  return options.encryptionKey === undefined ? bridge : new EncryptingPersistenceBridge(bridge, parseHostKey(options.encryptionKey));
}
