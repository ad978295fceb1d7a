import { describe, test } from 'vitest';
import { KeyvPersistenceBridge } from '../src/server/index.ts';
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
