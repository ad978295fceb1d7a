import { HostError, openKeyvStore } from '@plugboard/apps-engine/server';
import type Keyv from 'keyv';
import { CliError } from '../errors.ts';

export interface DevStore {
  /** `undefined` for the host's in-memory default. */
  keyv: Keyv | undefined;
  /** The SQLite file, relative to the working directory, when the store is one. */
  file?: string;
  /** Shown on start; a path, "memory" or "Redis" (a Redis URL may hold a password). */
  description: string;
  close(): Promise<void>;
}

/** The dev host's own folder in a project. */
export const DEV_STATE_FOLDER = '.plugboard';

/** Where the dev host keeps its state when `--store` is not given and @keyv/sqlite is installed. */
export const DEFAULT_DEV_STORE = `${DEV_STATE_FOLDER}/dev.sqlite`;

/** The dev host's Keyv namespace: in a shared Redis its keys are `plugboard-dev::…`, and `--reset` clears only those. */
export const DEV_STORE_NAMESPACE = 'plugboard-dev';
const memory = (description: string): DevStore => ({ keyv: undefined, description, close: async () => {} });

function open(location: string, cwd: string): Keyv {
  // Anything with a scheme goes to the loader as it is (unknown ones are refused there); a bare path is a SQLite file.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : `sqlite://${location}`;
  try {
    return openKeyvStore(url, { namespace: DEV_STORE_NAMESPACE, cwd });
  } catch (error) {
    throw error instanceof HostError ? new CliError(`--store: ${error.message}`) : error;
  }
}

/**
 * The dev host's store. `memory` keeps nothing; a file path (or `sqlite://…`) is a SQLite file,
 * created 0600, so settings, users and connected accounts survive a restart; `redis://…` is Redis.
 * Without `--store`: `.plugboard/dev.sqlite` when @keyv/sqlite is installed, else memory, saying so.
 * `reset` empties it first (`--reset`): only this host's namespace, so a shared Redis keeps the rest.
 */
export async function openDevStore(location: string | undefined, cwd: string, reset = false): Promise<DevStore> {
  const store = await openStore(location, cwd);
  // --reset: settings (a bad client id), users, tokens and the app's records all go, before anything reads them.
  if (reset) await store.keyv?.clear();
  return store;
}

async function openStore(location: string | undefined, cwd: string): Promise<DevStore> {
  if (location === 'memory') return memory('memory (nothing is kept)');
  if (location === undefined) {
    try {
      const keyv = openKeyvStore(`sqlite://${DEFAULT_DEV_STORE}`, { namespace: DEV_STORE_NAMESPACE, cwd });
      return { keyv, file: DEFAULT_DEV_STORE, description: DEFAULT_DEV_STORE, close: () => keyv.disconnect() };
    } catch (error) {
      if (!(error instanceof HostError && error.code === 'missing_dependency')) throw error;
      return memory(`memory (nothing is kept; npm install -D @keyv/sqlite to keep state in ${DEFAULT_DEV_STORE})`);
    }
  }
  const keyv = open(location, cwd);
  if (/^rediss?:/i.test(location)) return { keyv, description: 'Redis', close: () => keyv.disconnect() };
  return { keyv, file: location.replace(/^sqlite:\/\//i, ''), description: location, close: () => keyv.disconnect() };
}
