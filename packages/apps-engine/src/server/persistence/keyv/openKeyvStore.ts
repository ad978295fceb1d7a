import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
// Named, not default: the CommonJS build must get the class from keyv's CommonJS build too.
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { HostError } from '../../errors.ts';
import { loadPeer, requirePeer, type ModuleLoader } from '../../peers/loadPeer.ts';

/**
 * The stores a location can name. Their Keyv adapters are optional peer dependencies: a host on
 * the in-memory default installs neither (no sqlite3 build), and each is loaded on first use.
 */
const BACKENDS = {
  'redis:': { module: '@keyv/redis', what: 'a Redis store' },
  'rediss:': { module: '@keyv/redis', what: 'a Redis store' },
  'sqlite:': { module: '@keyv/sqlite', what: 'a SQLite store' },
} as const;

export interface OpenStoreOptions {
  /** Keyv namespace (the key prefix). Default: Keyv's own. */
  namespace?: string;
  /** Where a relative SQLite path starts. Default: `process.cwd()`. */
  cwd?: string;
}

type AdapterClass = new (options: unknown) => KeyvStoreAdapter;

function loadAdapter(backend: (typeof BACKENDS)[keyof typeof BACKENDS], load: ModuleLoader): AdapterClass {
  const loaded = loadPeer(backend.module, {
    missing: () => new HostError('missing_dependency', `install ${backend.module} to use ${backend.what} (npm install ${backend.module})`),
    broken: (reason, cause) => new HostError('invalid_store', `${backend.module} failed to load: ${reason}`, { cause }),
  }, load) as { default?: AdapterClass };
  if (typeof loaded.default !== 'function') throw new HostError('invalid_store', `${backend.module} has no default export`);
  return loaded.default;
}

/** The file holds tokens and client secrets: its directory and the file itself are the owner's only. */
function prepareSqliteFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // SQLite would create the file with the umask's mode; created 0600 first, it keeps that.
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/**
 * A Keyv for a store location: `redis://` or `rediss://` (a Redis URL, handed to `@keyv/redis`) or
 * `sqlite://<file>` (relative to `cwd`). The location is never quoted in an error: a Redis URL may
 * carry a password.
 */
export function openKeyvStore(location: string, options: OpenStoreOptions = {}, load: ModuleLoader = requirePeer): Keyv {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(location)?.[0].toLowerCase();
  const backend = scheme === undefined ? undefined : BACKENDS[scheme as keyof typeof BACKENDS];
  if (backend === undefined) {
    throw new HostError('invalid_store', 'a store location is a URL starting with redis://, rediss:// or sqlite://');
  }
  const Adapter = loadAdapter(backend, load);
  let adapter: KeyvStoreAdapter;
  if (backend.module === '@keyv/sqlite') {
    const file = location.slice('sqlite://'.length);
    if (file === '') throw new HostError('invalid_store', 'sqlite:// needs a file path, e.g. sqlite://data/host.sqlite');
    const path = resolve(options.cwd ?? process.cwd(), file);
    prepareSqliteFile(path);
    adapter = new Adapter({ uri: `sqlite://${path}` });
  } else {
    adapter = new Adapter(location);
  }
  return new Keyv({ store: adapter, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) });
}
