import { setTimeout as sleep } from 'node:timers/promises';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { KeyvPersistenceBridge, PersistenceError } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';
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
