import { createRequire } from 'node:module';

/** Loads a module by name; `require` here, a stand-in in tests. */
export type ModuleLoader = (id: string) => unknown;

// Synchronous, so that hosts stay plain constructors; every optional peer ships a CommonJS build.
export const requirePeer: ModuleLoader = createRequire(import.meta.url);

export interface PeerFailures {
  /** The error for "this package is not installed". */
  missing(): Error;
  /** The error for a package that is there but failed to load (a native binding, a missing dependency of its own). */
  broken(reason: string, cause: unknown): Error;
}

/**
 * Loads an optional peer dependency, telling "not installed" (the fix is an install command) from
 * "installed but broken". The reason quoted is the first line of the load error, which names a
 * file or a module, never a caller's configuration.
 */
export function loadPeer(module: string, failures: PeerFailures, load: ModuleLoader = requirePeer): unknown {
  try {
    return load(module);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${module}'`)) {
      throw failures.missing();
    }
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? '';
    throw failures.broken(reason, error);
  }
}
