import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppHost, HostError, KeyvPersistenceBridge, openKeyvStore } from '../src/server/index.ts';
import { REDIS_URL, redisAvailable, uniqueNamespace } from './support/redis.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plugboard-store-location-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A `require` rooted in an empty folder outside the workspace: there, no Keyv adapter is installed. */
const requireFromNowhere = () => createRequire(join(dir, 'empty', 'index.js'));

describe('store given as a location', () => {
  test('sqlite://<file>: a second host on the same file sees the first one\'s users; the file is 0600 in a 0700 folder', async () => {
    const store = `sqlite://${join(dir, 'data', 'host.sqlite')}`;
    const first = new AppHost({ store });
    await first.users.add({ id: 'u1', username: 'alice' });
    await first.close();
    const second = new AppHost({ store });
    expect(await second.users.getById('u1')).toMatchObject({ username: 'alice' });
    await second.close();
    expect((await stat(join(dir, 'data', 'host.sqlite'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
  });

  test('a relative sqlite:// path starts at cwd', async () => {
    const keyv = openKeyvStore('sqlite://rel/x.sqlite', { cwd: dir });
    await keyv.set('k', 'v');
    await keyv.disconnect();
    expect((await stat(join(dir, 'rel', 'x.sqlite'))).isFile()).toBe(true);
  });

  test.skipIf(process.platform !== 'linux')('the host disconnects a store it opened when it closes', async () => {
    const file = join(dir, 'owned.sqlite');
    const openHandles = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false;
      }
    }).length;
    const host = new AppHost({ store: `sqlite://${file}` });
    await host.users.add({ id: 'u1', username: 'alice' });
    expect(openHandles()).toBeGreaterThan(0);
    await host.close();
    expect(openHandles()).toBe(0);
  });

  test('a missing adapter is named with the command that installs it, and the URL (with its password) is not echoed', () => {
    const attempt = (location: string) => () => openKeyvStore(location, {}, requireFromNowhere());
    expect(attempt('redis://user:s3cret@127.0.0.1:6379')).toThrow(
      expect.objectContaining({ code: 'missing_dependency', message: 'install @keyv/redis to use a Redis store (npm install @keyv/redis)' }),
    );
    expect(attempt('sqlite://x.sqlite')).toThrow(
      expect.objectContaining({ code: 'missing_dependency', message: 'install @keyv/sqlite to use a SQLite store (npm install @keyv/sqlite)' }),
    );
  });

  test('an adapter that fails to load for another reason is not reported as missing', () => {
    const broken = () => {
      throw Object.assign(new Error("Cannot find module 'sqlite3'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => openKeyvStore('sqlite://x.sqlite', {}, broken)).toThrow(expect.objectContaining({ code: 'invalid_store', message: "@keyv/sqlite failed to load: Cannot find module 'sqlite3'" }));
  });

  test('other locations are refused without quoting them', () => {
    for (const location of ['postgres://admin:s3cret@db/x', 'data.sqlite', 'sqlite://', '']) {
      let error: unknown;
      try {
        new AppHost({ store: location });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(HostError);
      expect(error).toMatchObject({ code: 'invalid_store' });
      expect(String((error as Error).message)).not.toContain('s3cret');
    }
  });
});

const redis = await redisAvailable();

describe.skipIf(!redis)('redis:// location', () => {
  test('opens @keyv/redis under the given namespace; the bridge works on it', async () => {
    const keyv = openKeyvStore(REDIS_URL, { namespace: uniqueNamespace('location') });
    try {
      const bridge = new KeyvPersistenceBridge(keyv);
      const id = await bridge.create('app', { token: 't' }, [{ model: 'user', id: 'u1' }]);
      expect(await bridge.read('app', id)).toEqual({ token: 't' });
    } finally {
      await keyv.clear();
      await keyv.disconnect();
    }
  });
});
