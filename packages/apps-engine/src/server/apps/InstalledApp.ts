import type { Container } from 'inversify';
import type { IAppAccessors } from '../../definition/accessors/IAppAccessors.ts';
import type { IConfigurationModify } from '../../definition/accessors/IConfigurationExtend.ts';
import type { IEnvironmentRead } from '../../definition/accessors/IEnvironmentRead.ts';
import type { ILogger } from '../../definition/accessors/ILogger.ts';
import type { IModify } from '../../definition/accessors/IModify.ts';
import type { IRead } from '../../definition/accessors/IRead.ts';
import type { App } from '../../definition/app/App.ts';
import type { IAppInfo } from '../../definition/app/IAppInfo.ts';
import type { ILockAccessor } from '../../definition/coordination/ILockAccessor.ts';
import type { IHttp } from '../../definition/http/IHttp.ts';
import type { IPersistence } from '../../definition/persistence/IPersistence.ts';
import type { ISlashCommand } from '../../definition/slashcommands/ISlashCommand.ts';
import type { AppEndpoints } from './AppEndpoints.ts';

/** What a handler or command of an app receives; also what `host.accessors(appId)` returns. */
export interface HandlerAccessors {
  read: IRead;
  modify: IModify;
  http: IHttp;
  persistence: IPersistence;
  environment: IEnvironmentRead;
  locks: ILockAccessor;
  logger: ILogger;
}

/** An enabled app and everything the host keeps for it. */
export interface InstalledApp extends HandlerAccessors {
  readonly info: IAppInfo;
  readonly app: App;
  /** The app's child container (its accessors are resolved from it). */
  readonly container: Container;
  readonly accessors: IAppAccessors;
  readonly endpoints: AppEndpoints;
  /** Command name (no slash) -> command. */
  readonly commands: ReadonlyMap<string, ISlashCommand>;
  readonly configurationModify: IConfigurationModify;
}
