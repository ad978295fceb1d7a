import Keyv from 'keyv';
import type { IPersistenceBridge } from './IPersistenceBridge.ts';
import { KeyvPersistenceBridge } from './keyv/KeyvPersistenceBridge.ts';

/** The bridge a host runs on: the one it was given, else a Keyv bridge over the store (default: in memory). */
export function createBridge(options: { persistence?: IPersistenceBridge | undefined; store?: Keyv | undefined }): IPersistenceBridge {
  return options.persistence ?? new KeyvPersistenceBridge(options.store ?? new Keyv());
}
