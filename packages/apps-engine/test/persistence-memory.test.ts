import { setTimeout as sleep } from 'node:timers/promises';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { KeyvPersistenceBridge, MemoryPersistenceBridge } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';
import { appWith, info } from './support/apps.ts';
import { startHost } from './support/host.ts';

describe('Keyv bridge over an in-memory Keyv (the default)', () => {
  runPersistenceConformance(test, { create: () => ({ bridge: new KeyvPersistenceBridge(new Keyv()) }) });
});

describe('MemoryPersistenceBridge (the reference host-written bridge)', () => {
  runPersistenceConformance(test, { create: () => ({ bridge: new MemoryPersistenceBridge() }) });
});

describe('record expiry frees memory', () => {
  test('an expired record leaves the in-memory Keyv without anyone reading it, index included', async () => {
    const map = new Map<string, unknown>();
    const bridge = new KeyvPersistenceBridge(new Keyv({ store: map }));
    await bridge.create('app', { forever: true }, []);
    const before = map.size;
    await bridge.update('app', 'pending', { state: 's' }, true, { ttlMs: 100 });
    const id = await bridge.create('app', { tagged: true }, [{ model: 'misc', id: 'temp' }]);
    await bridge.update('app', id, { tagged: true }, false, { ttlMs: 100 });
    expect(map.size).toBeGreaterThan(before);
    // The sweep runs on a timer after the ttl; give a loaded machine time (no speed is asserted).
    for (let waited = 0; map.size !== before && waited < 5_000; waited += 50) {
      await sleep(50);
    }
    expect(map.size).toBe(before);
  });

  test('apps reach it as IPersistence.update(id, data, upsert, { ttlMs })', async () => {
    const running = await startHost();
    try {
      await running.host.install(appWith({}), info('ttl'));
      const { persistence, read } = running.host.accessors('ttl');
      await persistence.update('state:abc', { userId: 'u1' }, true, { ttlMs: 100 });
      expect(await read.getPersistenceReader().read('state:abc')).toEqual({ userId: 'u1' });
      await sleep(300);
      expect(await read.getPersistenceReader().read('state:abc')).toBeUndefined();
      expect(await persistence.remove('state:abc')).toBeUndefined();
    } finally {
      await running.host.close();
    }
  });
});
