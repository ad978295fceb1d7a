import type Keyv from 'keyv';
import { MemoryPersistenceBridge } from './MemoryPersistenceBridge.ts';
import type { IPersistenceBridge } from './IPersistenceBridge.ts';

/** The bridge a host runs on: the one it was given, else a Keyv bridge over the given store. */
export function createBridge(options: { persistence?: IPersistenceBridge | undefined; store?: Keyv | undefined }): IPersistenceBridge {
  if (options.persistence) {
    return options.persistence;
  }
  if (options.store) {
    throw new Error('Keyv stores are not supported yet');
  }
  return new MemoryPersistenceBridge();
}
