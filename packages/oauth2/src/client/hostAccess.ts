import { plugboardAccessors, type IApp, type ILockAccessor, type IPersistence } from '@plugboard/apps-engine';
import { ConfigurationError } from '../errors.ts';

/**
 * Where the client reaches Plugboard's extensions of Rocket.Chat's accessors, feature-detected so
 * that the client also runs in an app deployed to a Rocket.Chat server, whose `getAccessors()` has
 * only the official fields (no persistence outside handlers, no locks).
 */

/** Without a host lock, one process is the whole deployment: the refresher's single flight is the lock. */
const singleInstance: ILockAccessor = {
  acquire: async () => ({ release: async () => {} }),
};

/** Locks shared by every host on the store; in-process (single instance) when the host has none. */
export function appLocks(app: IApp): ILockAccessor {
  return plugboardAccessors(app)?.locks ?? singleInstance;
}

/** Write access outside a handler, or `undefined` on a host that gives apps none (Rocket.Chat). */
export function backgroundPersistence(app: IApp): IPersistence | undefined {
  return plugboardAccessors(app)?.persistence;
}

/** Write access outside a handler for `operation`, which cannot do without it. */
export function appPersistence(app: IApp, operation: string): IPersistence {
  const persistence = backgroundPersistence(app);
  if (!persistence) {
    throw new ConfigurationError(`this host gives apps no persistence outside handlers: pass the handler's \`persis\` to ${operation}`);
  }
  return persistence;
}
