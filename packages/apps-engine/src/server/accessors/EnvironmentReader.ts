import { inject, injectable } from 'inversify';
import type { IEnvironmentRead } from '../../definition/accessors/IEnvironmentRead.ts';
import type { ISetting, IServerSettingRead, ISettingRead } from '../../definition/settings/ISetting.ts';
import { TOKENS, type HostConfig } from '../container/tokens.ts';
import type { HostSettings } from '../settings/HostSettings.ts';

/** Server setting naming the public base URL (Rocket.Chat's id); every redirect URI derives from it. */
export const SITE_URL = 'Site_Url';

/** An app's environment: its own settings, and the host's (`Site_Url`). */
@injectable()
export class EnvironmentReader implements IEnvironmentRead {
  private readonly settings: ISettingRead;
  private readonly serverSettings: IServerSettingRead;

  constructor(
    @inject(TOKENS.AppId) appId: string,
    @inject(TOKENS.Settings) settings: HostSettings,
    @inject(TOKENS.HostConfig) config: HostConfig,
  ) {
    this.settings = {
      getById: (id: string): Promise<ISetting> => settings.getById(appId, id),
      getValueById: (id: string): Promise<unknown> => settings.get(appId, id),
    };
    this.serverSettings = {
      getValueById: async (id: string): Promise<unknown> => (id === SITE_URL ? config.siteUrl() : undefined),
    };
  }

  getSettings(): ISettingRead {
    return this.settings;
  }

  getServerSettings(): IServerSettingRead {
    return this.serverSettings;
  }
}
