import { chmod, mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

export interface DevStore {
  /** `undefined` for the host's in-memory default. */
  keyv: Keyv | undefined;
  /** Shown on start; a path, or "memory". */
  description: string;
  close(): Promise<void>;
}

/**
 * The dev host's store: a SQLite file (default `.plugboard/dev.sqlite`, git-ignored), so settings,
 * users and connected accounts survive a restart; `memory` keeps nothing.
 */
export async function openDevStore(location: string, cwd: string): Promise<DevStore> {
  if (location === 'memory') {
    return { keyv: undefined, description: 'memory (nothing is kept)', close: async () => {} };
  }
  const path = resolve(cwd, location);
  // The file holds client secrets and tokens: its directory is the owner's only.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // SQLite would create the file with the umask's mode; create it 0600 first and it keeps that.
  await (await open(path, 'a', 0o600)).close();
  await chmod(path, 0o600);
  const keyv = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${path}` }), namespace: 'plugboard-dev' });
  return { keyv, description: location, close: () => keyv.disconnect() };
}
