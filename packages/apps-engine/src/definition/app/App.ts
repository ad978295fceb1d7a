import type { IAppAccessors } from '../accessors/IAppAccessors.ts';
import type { IConfigurationExtend, IConfigurationModify } from '../accessors/IConfigurationExtend.ts';
import type { IEnvironmentRead } from '../accessors/IEnvironmentRead.ts';
import type { ILogger } from '../accessors/ILogger.ts';
import type { IModify } from '../accessors/IModify.ts';
import type { IRead } from '../accessors/IRead.ts';
import type { IHttp } from '../http/IHttp.ts';
import type { IPersistence } from '../persistence/IPersistence.ts';
import type { ISetting } from '../settings/ISetting.ts';
import type { IUser } from '../users/IUser.ts';
import type { IApp } from './IApp.ts';
import type { IAppInfo } from './IAppInfo.ts';

export interface IAppInstallationContext {
  user?: IUser;
}

/**
 * The base class of every app. The host constructs it with `(info, logger, accessors)`, calls
 * `extendConfiguration`, then `onEnable`. Override the hooks you need; the defaults do nothing.
 */
export abstract class App implements IApp {
  constructor(
    private readonly info: IAppInfo,
    private readonly logger: ILogger,
    private readonly accessors?: IAppAccessors,
  ) {}

  getID(): string {
    return this.info.id;
  }

  getName(): string {
    return this.info.name;
  }

  getNameSlug(): string {
    return this.info.nameSlug ?? this.info.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  }

  getVersion(): string {
    return this.info.version;
  }

  getDescription(): string {
    return this.info.description ?? '';
  }

  getInfo(): IAppInfo {
    return this.info;
  }

  getLogger(): ILogger {
    return this.logger;
  }

  getAccessors(): IAppAccessors {
    if (!this.accessors) {
      throw new Error(`App "${this.info.id}" was constructed without accessors; install it through a host`);
    }
    return this.accessors;
  }

  /** Registers endpoints, settings and slash commands. Called once, before `onEnable`. */
  protected async extendConfiguration(_configuration: IConfigurationExtend, _environment: IEnvironmentRead): Promise<void> {}

  /** Return `false` to refuse being enabled. */
  async onEnable(_environment: IEnvironmentRead, _configuration: IConfigurationModify): Promise<boolean> {
    return true;
  }

  async onDisable(_configuration: IConfigurationModify): Promise<void> {}

  async onInstall(_context: IAppInstallationContext, _read: IRead, _http: IHttp, _persistence: IPersistence, _modify: IModify): Promise<void> {}

  async onUninstall(_context: IAppInstallationContext, _read: IRead, _http: IHttp, _persistence: IPersistence, _modify: IModify): Promise<void> {}

  async onSettingUpdated(_setting: ISetting, _configuration: IConfigurationModify, _read: IRead, _http: IHttp): Promise<void> {}
}
