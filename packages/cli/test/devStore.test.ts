import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDevStore } from '../src/dev/devStore.ts';
import { CliError } from '../src/errors.ts';
import { tempDir } from './helpers.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('dev-store');
});
afterEach(async () => {
  await dir.remove();
});

describe('plugboard dev --store', () => {
  it('defaults to .plugboard/dev.sqlite under the working directory when @keyv/sqlite is installed', async () => {
    const store = await openDevStore(undefined, dir.path);
    try {
      expect(store.description).toBe('.plugboard/dev.sqlite');
      await store.keyv!.set('k', 'v');
      expect((await stat(join(dir.path, '.plugboard', 'dev.sqlite'))).mode & 0o777).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it('takes a bare path or a sqlite:// URL as a SQLite file, and "memory" as the host default', async () => {
    for (const location of ['state/a.sqlite', 'sqlite://state/b.sqlite']) {
      const store = await openDevStore(location, dir.path);
      await store.keyv!.set('k', 'v');
      await store.close();
      expect(store.description).toBe(location);
    }
    expect((await stat(join(dir.path, 'state', 'b.sqlite'))).isFile()).toBe(true);
    expect(await openDevStore('memory', dir.path)).toMatchObject({ keyv: undefined, description: 'memory (nothing is kept)' });
  });

  it('names a Redis store without its URL (it may hold a password)', async () => {
    const store = await openDevStore('redis://user:s3cret@127.0.0.1:1', dir.path);
    expect(store.description).toBe('Redis');
    await store.close();
  });

  it('refuses an unknown scheme with a usage-level message that does not quote it', async () => {
    const error = await openDevStore('postgres://admin:s3cret@db/x', dir.path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toBe('--store: a store location is a URL starting with redis://, rediss:// or sqlite://');
  });
});
