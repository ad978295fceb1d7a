import Keyv from 'keyv';
import { describe, test } from 'vitest';
import { KeyvPersistenceBridge, MemoryPersistenceBridge } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';

describe('Keyv bridge over an in-memory Keyv (the default)', () => {
  runPersistenceConformance(test, { create: () => ({ bridge: new KeyvPersistenceBridge(new Keyv()) }) });
});

describe('MemoryPersistenceBridge (the reference host-written bridge)', () => {
  runPersistenceConformance(test, { create: () => ({ bridge: new MemoryPersistenceBridge() }) });
});
