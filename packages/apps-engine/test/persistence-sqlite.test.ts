import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KeyvPersistenceBridge, PersistenceError } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plugboard-sqlite-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function open(file: string): { bridge: KeyvPersistenceBridge; store: KeyvSqlite } {
  const store = new KeyvSqlite(`sqlite://${file}`);
  return { bridge: new KeyvPersistenceBridge(new Keyv(store)), store };
}

describe('Keyv bridge over SQLite (a temp file)', () => {
  runPersistenceConformance(
    test,
    {
      create: () => {
        const file = join(dir, `store-${(files += 1)}.sqlite`);
        let current = open(file);
        return {
          bridge: current.bridge,
          restart: async () => {
            await current.store.disconnect();
            current = open(file);
            return current.bridge;
          },
          close: () => current.store.disconnect(),
        };
      },
    },
    { durable: true },
  );

  test('a store that fails rejects with store_failed instead of resolving empty', async () => {
    const { bridge } = open(join(dir, 'no-such-dir', 'x.sqlite'));
    await expect(bridge.read('app', 'id')).rejects.toMatchObject({ code: 'store_failed' });
    await expect(bridge.create('app', { a: 1 }, [])).rejects.toBeInstanceOf(PersistenceError);
  });
});
