import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, test } from 'vitest';
import type { ILockAccessor } from '../src/definition/index.ts';
import { MemoryPersistenceBridge, type ILockBridge, type IPersistenceBridge } from '../src/server/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

/** The records of `full`, with these locks (or none): a bridge lacking a capability. */
function recordsOf(full: MemoryPersistenceBridge, locks?: ILockBridge): IPersistenceBridge {
  return {
    create: (...args) => full.create(...args),
    read: (...args) => full.read(...args),
    readByAssociations: (...args) => full.readByAssociations(...args),
    update: (...args) => full.update(...args),
    updateByAssociations: (...args) => full.updateByAssociations(...args),
    remove: (...args) => full.remove(...args),
    removeByAssociations: (...args) => full.removeByAssociations(...args),
    ...(locks ? { locks } : {}),
  };
}

async function locks(): Promise<ILockAccessor> {
  running = await startHost();
  await running.host.install(appWith({}), info('locker'));
  return running.host.accessors('locker').locks;
}

test('acquire waits for the holder, then gets the lock', async () => {
  const accessor = await locks();
  const first = await accessor.acquire('k');
  expect(first).toBeDefined();
  const waiting = accessor.acquire('k', { waitMs: 5_000 });
  await sleep(20);
  await first?.release();
  const second = await waiting;
  expect(second).toBeDefined();
  await second?.release();
});

test('mutual exclusion among many waiters', async () => {
  const accessor = await locks();
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      const lock = await accessor.acquire('counter', { waitMs: 10_000 });
      expect(lock).toBeDefined();
      inside += 1;
      most = Math.max(most, inside);
      await sleep(1);
      inside -= 1;
      await lock?.release();
    }),
  );
  expect(most).toBe(1);
});

test('waitMs bounds the wait; an aborted signal stops it', async () => {
  const accessor = await locks();
  const held = await accessor.acquire('busy');
  expect(await accessor.acquire('busy', { waitMs: 30 })).toBeUndefined();
  expect(await accessor.acquire('busy', { waitMs: 0 })).toBeUndefined();
  const controller = new AbortController();
  const pending = accessor.acquire('busy', { waitMs: 60_000, signal: controller.signal });
  controller.abort();
  expect(await pending).toBeUndefined();
  await held?.release();
});

test("an abandoned lock expires after its ttl; the late release does not free the new holder's lock", async () => {
  const accessor = await locks();
  const abandoned = await accessor.acquire('job', { ttlMs: 100 });
  const next = await accessor.acquire('job', { waitMs: 5_000 });
  expect(next).toBeDefined();
  await abandoned?.release();
  expect(await accessor.acquire('job', { waitMs: 0 })).toBeUndefined();
  await next?.release();
  await next?.release(); // twice is safe
  expect(await accessor.acquire('job', { waitMs: 0 })).toBeDefined();
});

test('isHeld: true while the lease holds; false once released, lapsed, or taken by the next holder', async () => {
  const accessor = await locks();
  const lock = await accessor.acquire('lease', { ttlMs: 10_000 });
  expect(await lock?.isHeld?.()).toBe(true);
  await lock?.release();
  expect(await lock?.isHeld?.()).toBe(false);

  const lapsing = await accessor.acquire('lease', { ttlMs: 150 });
  expect(await lapsing?.isHeld?.()).toBe(true);
  await sleep(300);
  expect(await lapsing?.isHeld?.()).toBe(false); // nobody took it, but the lease is over
  const next = await accessor.acquire('lease', { waitMs: 0 });
  expect(await lapsing?.isHeld?.()).toBe(false);
  expect(await next?.isHeld?.()).toBe(true);
  await next?.release();
});

test('isHeld without the bridge capability: the lease counted on this host, from before the acquire', async () => {
  const full = new MemoryPersistenceBridge();
  const bare = full.locks;
  running = await startHost({ persistence: recordsOf(full, { acquire: (...args) => bare.acquire(...args), release: (...args) => bare.release(...args) }) });
  await running.host.install(appWith({}), info('clock'));
  const lock = await running.host.accessors('clock').locks.acquire('k', { ttlMs: 150 });
  expect(await lock?.isHeld?.()).toBe(true);
  await sleep(300);
  expect(await lock?.isHeld?.()).toBe(false);
});

test('locks are per app', async () => {
  const accessor = await locks();
  await running?.host.install(appWith({}), info('other'));
  const mine = await accessor.acquire('same-key');
  expect(await running?.host.accessors('other').locks.acquire('same-key', { waitMs: 0 })).toBeDefined();
  await mine?.release();
});

test('a bridge without lock capability falls back to in-process locks', async () => {
  running = await startHost({ persistence: recordsOf(new MemoryPersistenceBridge()) });
  await running.host.install(appWith({}), info('nolocks'));
  const accessor = running.host.accessors('nolocks').locks;
  const held = await accessor.acquire('k');
  expect(held).toBeDefined();
  expect(await accessor.acquire('k', { waitMs: 0 })).toBeUndefined();
  await held?.release();
  expect(await accessor.acquire('k', { waitMs: 0 })).toBeDefined();
});
