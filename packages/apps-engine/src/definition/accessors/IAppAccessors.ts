import type { IApiEndpointMetadata } from '../api/IApi.ts';
import type { ILockAccessor } from '../coordination/ILockAccessor.ts';
import type { IHttp } from '../http/IHttp.ts';
import type { IPersistence } from '../persistence/IPersistence.ts';
import type { IEnvironmentRead } from './IEnvironmentRead.ts';
import type { IModify } from './IModify.ts';
import type { IRead } from './IRead.ts';

/** What an app holds for its whole life (Rocket.Chat's `IAppAccessors`, plus Plugboard additions). */
export interface IAppAccessors {
  readonly environmentReader: IEnvironmentRead;
  readonly reader: IRead;
  readonly http: IHttp;
  /** The endpoints this app provides, with their public paths; filled once the app is enabled. */
  readonly providedApiEndpoints: IApiEndpointMetadata[];
  /** Plugboard: write access to the app's records outside handlers (jobs, token refresh). */
  readonly persistence: IPersistence;
  /** Plugboard: chat writes outside handlers (e.g. after a background wait). */
  readonly modify: IModify;
  /** Plugboard: locks shared by every host on the app's store. */
  readonly locks: ILockAccessor;
}
