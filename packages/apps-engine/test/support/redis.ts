import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether something answers on the Redis port (without letting a client retry forever). */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Whether the Redis tests run. Unreachable Redis skips them with a message, except under CI=true,
 * where it is a failure: CI must exercise the shared-store paths.
 */
export async function redisAvailable(): Promise<boolean> {
  if (await reachable(REDIS_URL)) {
    return true;
  }
  if (process.env.CI === 'true') {
    throw new Error(`Redis is unreachable at ${REDIS_URL} and CI=true: the Redis tests must run`);
  }
  console.warn(`Skipping Redis tests: nothing answers at ${REDIS_URL} (set REDIS_URL, or start Redis)`);
  return false;
}

/** A namespace no other test run (or file) uses, so concurrent runs on one Redis never collide. */
export function uniqueNamespace(label: string): string {
  return `plugboard-test-${label}-${randomUUID()}`;
}

/** A Keyv on the shared Redis under `namespace`; `dispose` clears the namespace and disconnects. */
export function redisKeyv(namespace: string): { keyv: Keyv; dispose(): Promise<void> } {
  const store = new KeyvRedis(REDIS_URL);
  const keyv = new Keyv(store, { namespace });
  return {
    keyv,
    dispose: async () => {
      await keyv.clear();
      await store.disconnect();
    },
  };
}
