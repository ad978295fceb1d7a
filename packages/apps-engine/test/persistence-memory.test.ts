import { setTimeout as sleep } from 'node:timers/promises';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { KeyvPersistenceBridge, MemoryPersistenceBridge } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';
import { ExpirySweeper } from '../src/server/persistence/keyv/ExpirySweeper.ts';
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

describe('expiry sweeper', () => {
  test('a record still there at its turn (a lagging clock, a later expiry) is checked again, then freed', async () => {
    const answers: Array<number | null | undefined> = [Date.now() + 30, undefined];
    const asked: string[] = [];
    const gone: string[] = [];
    const sweeper = new ExpirySweeper(
      async (key) => {
        asked.push(key);
        return answers.shift();
      },
      async (entry) => void gone.push(entry.id),
    );
    sweeper.add({ key: 'k1', scope: 'app', id: 'r1', associations: [['misc', 'x']] }, Date.now());
    for (let waited = 0; gone.length === 0 && waited < 5_000; waited += 20) await sleep(20);
    expect([asked, gone, sweeper.size]).toEqual([['k1', 'k1'], ['r1'], 0]);
  });

  test('a record written again without a TTL is left alone', async () => {
    const asked: string[] = [];
    const sweeper = new ExpirySweeper(
      async (key) => {
        asked.push(key);
        return null;
      },
      async () => {
        throw new Error('must not unindex a kept record');
      },
    );
    sweeper.add({ key: 'k2', scope: 'app', id: 'r2', associations: [['misc', 'x']] }, Date.now());
    for (let waited = 0; asked.length === 0 && waited < 5_000; waited += 20) await sleep(20);
    await sleep(50);
    expect([asked, sweeper.size]).toEqual([['k2'], 0]);
  });

  test("values stay in Keyv's own text format (the bridge only flattens the string it stores)", async () => {
    const map = new Map<string, unknown>();
    const keyv = new Keyv({ store: map });
    const bridge = new KeyvPersistenceBridge(keyv);
    await bridge.update('app', 'pending', { state: ':s', n: 1 }, true, { ttlMs: 60_000 });
    const [key, stored] = [...map.entries()].pop() as [string, string];
    const plain = new Keyv({ store: new Map() });
    await plain.set('x', (await keyv.get(key)) as string, 60_000);
    const expected = [...(plain.store as Map<string, string>).values()][0] as string;
    expect(stored.replace(/"expires":\d+/, '')).toBe(expected.replace(/"expires":\d+/, ''));
    // A record written by a Keyv that no bridge touched reads back the same.
    const other = new Keyv({ store: map });
    await other.set(key.replace(/^keyv:/, ''), (await keyv.get(key)) as string, 60_000);
    expect(await bridge.read('app', 'pending')).toEqual({ state: ':s', n: 1 });
  });

  test("Keyv's escapes read and write the same as Keyv's own functions (':' strings, Buffers)", async () => {
    const map = new Map<string, unknown>();
    const tuned = new Keyv({ store: map });
    new KeyvPersistenceBridge(tuned);
    const plain = new Keyv({ store: map, namespace: 'plain' });
    const values: unknown[] = [':leading colon', '::two', ':base64:aGVsbG8=', 'plain', '{"d":1}'];
    for (const [n, value] of values.entries()) {
      await tuned.set(`t${n}`, value, n % 2 ? 60_000 : undefined);
      await plain.set(`t${n}`, value, n % 2 ? 60_000 : undefined);
      const [ours, theirs] = [map.get(`keyv:t${n}`), map.get(`plain:t${n}`)] as [string, string];
      expect(ours.replace(/"expires":\d+/, '')).toBe(theirs.replace(/"expires":\d+/, ''));
      expect(await tuned.get(`t${n}`)).toEqual(await plain.get(`t${n}`));
    }
    // What Keyv's own serializer wrote from other shapes (nested ':' strings, a Buffer) reads back alike.
    await plain.set('nested', { a: [':x', { b: ':base64:aGk=' }], c: Buffer.from('hi') });
    map.set('keyv:nested', map.get('plain:nested'));
    expect(await tuned.get('nested')).toEqual(await plain.get('nested'));
  });

  test('the in-memory Map is read in place, and an entry another Keyv stored there as an object still reads', async () => {
    const map = new Map<string, unknown>();
    const bridge = new KeyvPersistenceBridge(new Keyv({ store: map }));
    await bridge.update('app', 'r1', { n: 1 }, true);
    expect(await bridge.read('app', 'r1')).toEqual({ n: 1 });
    const unserialized = new Keyv({ store: map });
    unserialized.serialize = undefined; // stores Keyv's envelope as an object
    unserialized.deserialize = undefined;
    await unserialized.set('r:app:r1', '{"d":{"n":2},"a":[]}');
    expect(typeof map.get('keyv:r:app:r1')).toBe('object');
    expect(await bridge.read('app', 'r1')).toEqual({ n: 2 });
    // An expired entry reads as absent and leaves the Map, as keyv.get does.
    await bridge.update('app', 'r2', { n: 3 }, true, { ttlMs: 1 });
    await sleep(5);
    expect(await bridge.read('app', 'r2')).toBeUndefined();
    expect(map.has('keyv:r:app:r2')).toBe(false);
  });
});

describe('record ids', () => {
  test('are 128 random bits each, distinct across the batches drawn from the CSPRNG', async () => {
    const bridge = new KeyvPersistenceBridge(new Keyv());
    // 600 ids: more than two batches of 256.
    const ids = await Promise.all(Array.from({ length: 600 }, (_, i) => bridge.create('app', { i }, [])));
    expect(new Set(ids).size).toBe(600);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url').some((byte) => byte !== 0)).toBe(true);
    }
  });
});
