import type { IAppAccessors, IModify } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IPlugboardHttp } from './http.ts';
import type { ILockAccessor } from './locks.ts';
import type { IPlugboardPersistence } from './persistence.ts';

/**
 * What Plugboard's host adds to Rocket.Chat's `IAppAccessors`: write access and locks outside
 * handlers (background jobs, token refresh). On a Rocket.Chat server these are absent.
 */
export interface IPlugboardAppAccessors extends IAppAccessors {
  readonly persistence: IPlugboardPersistence;
  readonly modify: IModify;
  readonly locks: ILockAccessor;
  readonly http: IPlugboardHttp;
}

/**
 * Feature detection: the app's accessors with Plugboard's extensions, or `undefined` when the
 * app runs on a host without them (a Rocket.Chat server).
 */
export function plugboardAccessors(app: { getAccessors(): IAppAccessors }): IPlugboardAppAccessors | undefined {
  let accessors: IAppAccessors;
  try {
    accessors = app.getAccessors();
  } catch {
    return undefined;
  }
  const extended = accessors as Partial<IPlugboardAppAccessors>;
  return extended.persistence && extended.modify && extended.locks ? (accessors as IPlugboardAppAccessors) : undefined;
}
