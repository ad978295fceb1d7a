// plugboard dev --reset on a Redis store: the dev host's namespace only.
import { fileURLToPath } from 'node:url';
import { createClient } from '@keyv/redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable, redisKeyv, uniqueNamespace } from '../../apps-engine/test/support/redis.ts';
import { DEV_STORE_NAMESPACE, openDevStore } from '../src/dev/devStore.ts';
import { startDevHost } from '../src/index.ts';
import { main } from '../src/main.ts';
import { captureIo, eventually, tempDir } from './helpers.ts';

const ECHO_APP = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
const quiet = () => {};
const redis = await redisAvailable();

/** Every key of the dev host's namespace, whatever its Redis type (Keyv's own clear looks at strings only). */
async function devKeys(): Promise<string[]> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${DEV_STORE_NAMESPACE}::*`, COUNT: 500 })) keys.push(...batch);
    return keys;
  } finally {
    client.destroy();
  }
}

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('dev-redis-reset');
});
afterEach(async () => {
  // What the test's dev hosts wrote goes too: the shared Redis keeps no dev state from a test run.
  if (redis) await (await openDevStore(REDIS_URL, dir.path, true)).close();
  await dir.remove();
});

describe.skipIf(!redis)('plugboard dev --reset on a Redis store', () => {
  it("empties the dev host's namespace and leaves another namespace's keys alone, even one whose name starts like it", async () => {
    const neighbours = [redisKeyv(uniqueNamespace('dev-reset-neighbour')), redisKeyv(`${DEV_STORE_NAMESPACE}-${uniqueNamespace('lookalike')}`)];
    try {
      for (const [i, { keyv }] of neighbours.entries()) await keyv.set('record', `neighbour ${i}`);

      // A first run leaves settings, users and the app's records in the dev namespace.
      const first = await startDevHost({ appModule: ECHO_APP, port: 0, store: REDIS_URL, cwd: dir.path, env: {}, logger: quiet });
      try {
        expect(first.storeDescription).toContain('Redis');
        await first.host.settings.set('echo', 'greeting', 'kept until reset');
      } finally {
        await first.close();
      }
      const before = await devKeys();
      expect(before.length).toBeGreaterThan(0);

      const io = captureIo(dir.path);
      const exit = main(['dev', ECHO_APP, '--port', '0', '--store', REDIS_URL, '--reset'], io);
      try {
        const url = await eventually(() => /Console: (\S+)/.exec(io.out())?.[1], 'the console URL', 400);
        expect(io.err()).toContain('Store emptied (--reset): Redis');
        expect(io.err()).not.toContain(REDIS_URL);
        expect(await (await fetch(url)).text()).not.toContain('kept until reset');
      } finally {
        io.abort();
      }
      expect(await exit).toBe(0);

      // The neighbours kept their records, and the bare reset leaves the dev namespace empty.
      for (const [i, { keyv }] of neighbours.entries()) expect(await keyv.get('record')).toBe(`neighbour ${i}`);
      await (await openDevStore(REDIS_URL, dir.path, true)).close();
      expect(await devKeys()).toEqual([]);
      for (const [i, { keyv }] of neighbours.entries()) expect(await keyv.get('record')).toBe(`neighbour ${i}`);
    } finally {
      for (const neighbour of neighbours) await neighbour.dispose();
    }
  });
});
