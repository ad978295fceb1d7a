import { setTimeout as sleep } from 'node:timers/promises';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { KeyvPersistenceBridge, PersistenceError } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';
import { STORE_LOCK_TTL_MS } from '../src/server/persistence/keyv/KeyvPersistenceBridge.ts';
import { hasRedisServer, redisAvailable, redisKeyv, startPrivateRedis, uniqueNamespace } from './support/redis.ts';

const available = await redisAvailable();

describe.skipIf(!available)('Keyv bridge over Redis (a fresh namespace per check)', () => {
  runPersistenceConformance(
    test,
    {
      create: () => {
        const namespace = uniqueNamespace('conformance');
        const connections = [redisKeyv(namespace)];
        return {
          bridge: new KeyvPersistenceBridge((connections[0] as ReturnType<typeof redisKeyv>).keyv),
          peer: async () => {
            const second = redisKeyv(namespace);
            connections.push(second);
            return new KeyvPersistenceBridge(second.keyv);
          },
          restart: async () => {
            const next = redisKeyv(namespace);
            connections.push(next);
            return new KeyvPersistenceBridge(next.keyv);
          },
          close: async () => {
            for (const connection of connections.reverse()) {
              await connection.dispose();
            }
          },
        };
      },
    },
    { durable: true, shared: true },
  );
});

describe.skipIf(!available)('Keyv bridge store locks over Redis', () => {
  // A host that crashes inside a write leaves its record lock for at most STORE_LOCK_TTL_MS (short:
  // oauth2's refresh must write within its lease); a live writer renews its lock however long it takes.
  test('a live writer slower than the lock ttl keeps its record lock: a second host writes after it, not under it', async () => {
    const namespace = uniqueNamespace('renewal');
    const slow = redisKeyv(namespace);
    const other = redisKeyv(namespace);
    // The paused write takes the locked path (a one-script write cannot be paused inside); the
    // peer's script sees the held lock and waits on the locked path too.
    const paused = new KeyvPersistenceBridge(slow.keyv, { redisScripts: false });
    const peer = new KeyvPersistenceBridge(other.keyv);
    try {
      await paused.update('app', 'id', { v: 0 }, true);
      const set = slow.keyv.set.bind(slow.keyv);
      let resume: () => void = () => undefined;
      const gate = new Promise<void>((r) => (resume = r));
      let signalInside: () => void = () => undefined;
      const inside = new Promise<void>((r) => (signalInside = r));
      slow.keyv.set = (async (...args: Parameters<typeof set>) => {
        signalInside();
        await gate;
        return set(...args);
      }) as typeof slow.keyv.set;
      const first = paused.update('app', 'id', { v: 1 }, true);
      await inside; // the first host holds the record lock, its write paused
      const second = peer.update('app', 'id', { v: 2 }, true);
      await sleep(STORE_LOCK_TTL_MS * 1.5);
      resume();
      await first;
      await second;
      expect(await peer.read('app', 'id')).toEqual({ v: 2 });
    } finally {
      await slow.dispose();
      await other.dispose();
    }
  });
});

describe('Keyv bridge over an unreachable Redis', () => {
  test('calls reject with store_failed instead of resolving empty or hanging', async () => {
    const store = new KeyvRedis('redis://127.0.0.1:1');
    const bridge = new KeyvPersistenceBridge(new Keyv(store));
    // The bridge gives the adapter a connection timeout when it has none (else it retries forever).
    expect(store.connectionTimeout).toBe(5_000);
    store.connectionTimeout = 200; // keep this test short
    await expect(bridge.read('app', 'id')).rejects.toMatchObject({ code: 'store_failed' });
    await expect(bridge.create('app', { a: 1 }, [])).rejects.toBeInstanceOf(PersistenceError);
  });
});

describe.skipIf(!available || !hasRedisServer())('Keyv bridge when Redis goes away mid-run', () => {
  test('calls reject with store_failed while it is down (instead of queueing) and work once it is back', async () => {
    const server = await startPrivateRedis();
    const store = new KeyvRedis(server.url);
    const keyv = new Keyv(store, { namespace: uniqueNamespace('outage') });
    const bridge = new KeyvPersistenceBridge(keyv);
    try {
      await bridge.update('app', 'id', { a: 1 }, true);
      await server.stop();
      await expect(bridge.read('app', 'id')).rejects.toMatchObject({ code: 'store_failed' });
      await expect(bridge.update('app', 'id', { a: 2 }, true)).rejects.toMatchObject({ code: 'store_failed' });
      await server.start();
      let back: object | undefined | 'failed' = 'failed';
      for (let attempt = 0; attempt < 100 && back === 'failed'; attempt += 1) {
        back = await bridge.update('app', 'id', { a: 3 }, true).then(
          () => bridge.read('app', 'id'),
          async () => {
            await sleep(100); // node-redis reconnects on its own schedule
            return 'failed' as const;
          },
        );
      }
      expect(back).toEqual({ a: 3 });
    } finally {
      await store.disconnect(true).catch(() => undefined);
      await server.stop();
    }
  });
});

describe.skipIf(!available)('one-script claims and replaces on Redis', () => {
  test('a claim or a write of a record whose lock another host holds waits for the lock (the script honours it)', async () => {
    const namespace = uniqueNamespace('scripts');
    const [a, b] = [redisKeyv(namespace), redisKeyv(namespace)];
    try {
      const [first, second] = [new KeyvPersistenceBridge(a.keyv), new KeyvPersistenceBridge(b.keyv)];
      await first.update('app', 'pending', { n: 1 }, true, { ttlMs: 60_000 });
      const token = await second.locks.acquire('app', '#record:pending', 10_000);
      expect(token).toBeDefined();
      const events: string[] = [];
      const claim = first.remove('app', 'pending').then((data) => events.push(`claimed ${JSON.stringify(data)}`));
      const write = first.update('app', 'other', { n: 2 }, true).then(() => events.push('other written'));
      await write;
      await sleep(100);
      expect(events).toEqual(['other written']); // the held record waits, another record does not
      await second.locks.release('app', '#record:pending', token as string);
      await claim;
      expect(events).toEqual(['other written', 'claimed {"n":1}']);
      expect(await second.read('app', 'pending')).toBeUndefined();
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  test('records with associations are written in place and claimed with their index entries', async () => {
    const namespace = uniqueNamespace('scripts');
    const connection = redisKeyv(namespace);
    try {
      const bridge = new KeyvPersistenceBridge(connection.keyv);
      const user = [{ model: 'user', id: 'u1' }, { model: 'misc', id: 'token' }];
      await bridge.updateByAssociations('app', user, { v: 1 }, true);
      await bridge.updateByAssociations('app', user, { v: 2 }, true);
      expect(await bridge.readByAssociations('app', user)).toEqual([{ v: 2 }]);
      expect(await bridge.removeByAssociations('app', [{ model: 'misc', id: 'token' }])).toEqual([{ v: 2 }]);
      expect(await bridge.readByAssociations('app', [{ model: 'user', id: 'u1' }])).toEqual([]);
      // A record an app named (no associations), written over and claimed once.
      await bridge.update('app', 'mine', { w: 1 }, true, { ttlMs: 60_000 });
      await bridge.update('app', 'mine', { w: 2 }, false);
      await expect(bridge.update('app', 'absent', { w: 1 }, false)).rejects.toMatchObject({ code: 'not_found' });
      expect(await Promise.all([bridge.remove('app', 'mine'), bridge.remove('app', 'mine')])).toEqual([{ w: 2 }, undefined]);
    } finally {
      await connection.dispose();
    }
  });
});
