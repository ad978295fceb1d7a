import { randomBytes } from 'node:crypto';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { AppHost, EncryptingPersistenceBridge, KeyvPersistenceBridge, MemoryPersistenceBridge, PersistenceError } from '../src/server/index.ts';
import { parseHostKeys } from '../src/server/persistence/EncryptingPersistenceBridge.ts';
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

});

describe('host sealing bound to its place, rotation, refusal in clear (SECURITY 26)', () => {
  const user = (id: string) => ({ model: 'user', id });
  const misc = (id: string) => ({ model: 'misc', id });

  test("a ciphertext copied onto another user's record does not open; other reads of the same record do", async () => {
    const inner = new MemoryPersistenceBridge();
    const bridge = new EncryptingPersistenceBridge(inner, key);
    await bridge.updateByAssociations('app', [user('alice'), misc('conn')], { token: 'alice-token' }, true);
    await bridge.updateByAssociations('app', [user('bob'), misc('conn')], { token: 'bob-token' }, true);
    // Fewer or more associations than written, of the same user, still read.
    expect(await bridge.readByAssociations('app', [user('bob')])).toEqual([{ token: 'bob-token' }]);
    expect(await bridge.readByAssociations('app', [misc('conn')])).toHaveLength(2);
    const [bobs] = await inner.readByAssociations('app', [user('bob'), misc('conn')]);
    await inner.updateByAssociations('app', [user('alice'), misc('conn')], bobs as object, false);
    await expect(bridge.readByAssociations('app', [user('alice'), misc('conn')])).rejects.toThrow(/another place/);
  });

  test('a ciphertext moved to another id does not open', async () => {
    const inner = new MemoryPersistenceBridge();
    const bridge = new EncryptingPersistenceBridge(inner, key);
    await bridge.update('app', 'state-of-bob', { userId: 'bob' }, true);
    await inner.update('app', 'state-of-eve', (await inner.read('app', 'state-of-bob')) as object, true);
    await expect(bridge.read('app', 'state-of-eve')).rejects.toThrow(/another place/);
    expect(await bridge.read('app', 'state-of-bob')).toEqual({ userId: 'bob' });
  });

  test('keys rotate: written with the newest, read with any', async () => {
    const older = randomBytes(32);
    const inner = new MemoryPersistenceBridge();
    await new EncryptingPersistenceBridge(inner, older).update('app', 'r', { v: 'old' }, true);
    const rotated = new EncryptingPersistenceBridge(inner, parseHostKeys([key, older]));
    expect(await rotated.read('app', 'r')).toEqual({ v: 'old' });
    await rotated.update('app', 'r', { v: 'new' }, true);
    expect(await new EncryptingPersistenceBridge(inner, key).read('app', 'r')).toEqual({ v: 'new' });
    await expect(new EncryptingPersistenceBridge(inner, older).read('app', 'r')).rejects.toThrow(/could not be decrypted/);
  });

  test('a record in clear (or sealed to its app only) is refused, unless the logged migration step is on', async () => {
    const inner = new MemoryPersistenceBridge();
    await inner.update('app', 'plain', { token: 'planted' }, true);
    await expect(new EncryptingPersistenceBridge(inner, key).read('app', 'plain')).rejects.toThrow(/in clear was refused/);
    const logged: string[] = [];
    const migrating = new EncryptingPersistenceBridge(inner, key, { migrate: true, log: (line) => logged.push(line) });
    expect(await migrating.read('app', 'plain')).toEqual({ token: 'planted' });
    expect(await migrating.read('app', 'plain')).toEqual({ token: 'planted' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain('planted');
    await migrating.update('app', 'plain', { token: 'planted' }, false);
    expect(await new EncryptingPersistenceBridge(inner, key).read('app', 'plain')).toEqual({ token: 'planted' });
  });

  test('a host takes a key list and the migration option', async () => {
    const raw = new Map<string, unknown>();
    const older = randomBytes(32);
    const before = new AppHost({ store: new Keyv({ store: raw }), encryptionKey: older });
    try {
      await before.install(appWith({}), info('vault'));
      await before.accessors('vault').persistence.update('k', { secret: 'kept' }, true);
    } finally {
      await before.close();
    }
    const after = new AppHost({ store: new Keyv({ store: raw }), encryptionKey: [key, older.toString('base64')] });
    try {
      await after.install(appWith({}), info('vault'));
      expect(await after.accessors('vault').read.getPersistenceReader().read('k')).toEqual({ secret: 'kept' });
    } finally {
      await after.close();
    }
  });
});
