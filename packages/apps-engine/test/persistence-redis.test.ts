import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { KeyvPersistenceBridge, PersistenceError } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';
import { redisAvailable, redisKeyv, uniqueNamespace } from './support/redis.ts';

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
