import { afterEach, describe, expect, test } from 'vitest';
import { AssociationModel, AssociationRecord, SettingType } from '../src/definition/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';
import { SETTINGS_CACHE_MS } from '../src/server/settings/HostSettings.ts';
import { redisAvailable, redisKeyv, uniqueNamespace } from './support/redis.ts';

const available = await redisAvailable();

const App = appWith({
  settings: [
    { id: 'client-id', type: SettingType.STRING, packageValue: '', required: true, public: false, i18nLabel: 'id' },
    { id: 'client-secret', type: SettingType.PASSWORD, packageValue: '', required: true, public: false, i18nLabel: 'secret' },
  ],
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/** Two hosts, each with its own Redis connection, on one namespace: one deployment behind a balancer. */
async function twoHosts(): Promise<[TestHost, TestHost]> {
  const namespace = uniqueNamespace('two-hosts');
  const hosts: TestHost[] = [];
  for (let n = 0; n < 2; n += 1) {
    const connection = redisKeyv(namespace);
    const running = await startHost({ store: connection.keyv });
    await running.host.install(App, info('shared'));
    hosts.push(running);
    cleanups.push(async () => {
      await running.host.close();
      await connection.dispose();
    });
  }
  return hosts as [TestHost, TestHost];
}

describe.skipIf(!available)('two hosts sharing one Redis', () => {
  test('see the same settings, users and records', async () => {
    const [first, second] = await twoHosts();
    await first.host.settings.set('shared', 'client-id', 'abc');
    await first.host.settings.set('shared', 'client-secret', 'secret-from-first-host');
    expect(await second.host.settings.get('shared', 'client-id')).toBe('abc');
    expect(await second.host.accessors('shared').environment.getSettings().getValueById('client-secret')).toBe('secret-from-first-host');

    await first.host.users.add({ id: 'u1', username: 'alice' });
    expect(await second.host.users.getByUsername('alice')).toMatchObject({ id: 'u1', username: 'alice' });

    const state = new AssociationRecord(AssociationModel.MISC, 'state:xyz');
    await first.host.accessors('shared').persistence.createWithAssociation({ userId: 'u1' }, state);
    expect(await second.host.accessors('shared').read.getPersistenceReader().readByAssociation(state)).toEqual([{ userId: 'u1' }]);
  });

  test("a setting changed on one host is read on the other within the settings cache's time, at once on the first", async () => {
    const [first, second] = await twoHosts();
    await first.host.settings.set('shared', 'client-id', 'old');
    expect(await second.host.settings.get('shared', 'client-id')).toBe('old');
    await first.host.settings.set('shared', 'client-id', 'new');
    expect(await first.host.settings.get('shared', 'client-id')).toBe('new');
    // The second host read 'old' before the change; once the cache time has passed it reads again.
    await new Promise((resolve) => setTimeout(resolve, SETTINGS_CACHE_MS + 20));
    expect(await second.host.settings.get('shared', 'client-id')).toBe('new');
  });

  test('a PASSWORD set on one host is redacted in the other host’s logs once read there', async () => {
    const [first, second] = await twoHosts();
    await first.host.settings.set('shared', 'client-secret', 'another-secret-value');
    const environment = second.host.accessors('shared').environment;
    await environment.getSettings().getValueById('client-secret');
    second.host.accessors('shared').logger.info('oops', 'another-secret-value');
    expect(second.logs.at(-1)?.message).toBe('oops [redacted]');
  });

  test('an OAuth state consumed on both hosts at once goes to exactly one', async () => {
    const [first, second] = await twoHosts();
    const state = new AssociationRecord(AssociationModel.MISC, 'state:race');
    await first.host.accessors('shared').persistence.createWithAssociation({ verifier: 'v' }, state);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, n) => (n % 2 ? first : second).host.accessors('shared').persistence.removeByAssociation(state)),
    );
    expect(claims.flat()).toEqual([{ verifier: 'v' }]);
  });

  test('app locks exclude each other across hosts', async () => {
    const [first, second] = await twoHosts();
    const held = await first.host.accessors('shared').locks.acquire('refresh:u1', { ttlMs: 5_000 });
    expect(held).toBeDefined();
    expect(await second.host.accessors('shared').locks.acquire('refresh:u1', { waitMs: 50 })).toBeUndefined();
    await held?.release();
    const next = await second.host.accessors('shared').locks.acquire('refresh:u1', { waitMs: 1_000 });
    expect(next).toBeDefined();
    await next?.release();
  });
});
