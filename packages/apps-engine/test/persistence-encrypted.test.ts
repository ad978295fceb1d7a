import { randomBytes } from 'node:crypto';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { AppHost, EncryptingPersistenceBridge, KeyvPersistenceBridge, MemoryPersistenceBridge, PersistenceError } from '../src/server/index.ts';
import { runPersistenceConformance } from '../src/server/persistence/conformance.ts';
import { appWith, info } from './support/apps.ts';

const key = randomBytes(32);

describe('EncryptingPersistenceBridge is a bridge like any other', () => {
  runPersistenceConformance(test, { create: () => ({ bridge: new EncryptingPersistenceBridge(new KeyvPersistenceBridge(new Keyv()), key) }) });
});

describe('a host given an encryptionKey (SECURITY 23)', () => {
  test('stores no record text in the raw store, and reads it back', async () => {
    const raw = new Map<string, unknown>();
    const host = new AppHost({ store: new Keyv({ store: raw }), encryptionKey: key.toString('base64') });
    try {
      await host.install(appWith({}), info('vault'));
      const { persistence, read } = host.accessors('vault');
      await persistence.update('token:u1', { token: 'very-secret-access-token' }, true);
      expect(await read.getPersistenceReader().read('token:u1')).toEqual({ token: 'very-secret-access-token' });
      expect(JSON.stringify([...raw.entries()])).not.toContain('very-secret-access-token');
    } finally {
      await host.close();
    }
  });

  test('a wrong key is a clear error, and a record never moves between apps', async () => {
    const inner = new MemoryPersistenceBridge();
    const id = await new EncryptingPersistenceBridge(inner, key).create('app-a', { secret: 's' }, []);
    await expect(new EncryptingPersistenceBridge(inner, randomBytes(32)).read('app-a', id)).rejects.toThrow(/wrong encryptionKey/);
    const sealed = await inner.read('app-a', id);
    const copied = await inner.create('app-b', sealed as object, []);
    await expect(new EncryptingPersistenceBridge(inner, key).read('app-b', copied)).rejects.toBeInstanceOf(PersistenceError);
  });

  test('refuses a key that is not 32 bytes', () => {
    expect(() => new AppHost({ encryptionKey: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });

  test('reads records written before the key was set', async () => {
    const inner = new MemoryPersistenceBridge();
    const id = await inner.create('app', { plain: true }, []);
    expect(await new EncryptingPersistenceBridge(inner, key).read('app', id)).toEqual({ plain: true });
  });
});
