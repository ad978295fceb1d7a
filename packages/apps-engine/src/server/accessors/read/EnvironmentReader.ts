import type { IEnvironmentalVariableRead, IEnvironmentRead, IServerSettingRead, ISettingRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings/index.js';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings/index.js';
import { inject, injectable } from 'inversify';
import { TOKENS, type HostConfig } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import type { HostSettings } from '../../settings/HostSettings.ts';

/** Server setting naming the public base URL (Rocket.Chat's id); every redirect URI derives from it. */
export const SITE_URL = 'Site_Url';

/** An app's environment: its own settings, the host's (`Site_Url`, `Site_Name`) and a few environment variables. */
@injectable()
export class EnvironmentReader implements IEnvironmentRead {
  private readonly settings: ISettingRead;
  private readonly serverSettings: IServerSettingRead;
  private readonly variables: IEnvironmentalVariableRead;

  constructor(
    @inject(TOKENS.AppId) appId: string,
    @inject(TOKENS.Settings) settings: HostSettings,
    @inject(TOKENS.HostConfig) config: HostConfig,
  ) {
    this.settings = {
      getById: (id: string): Promise<ISetting> => settings.getById(appId, id),
      getValueById: (id: string): Promise<unknown> => settings.get(appId, id),
    };
    const server = (): Map<string, ISetting> => serverSettings(config);
    this.serverSettings = {
      getOneById: async (id) => {
        const setting = server().get(id);
        if (!setting) throw new HostError('setting_not_found', `This host has no server setting "${id}"`);
        return setting;
      },
      getValueById: async (id) => serverSettingValue(config, id),
      getAll: async () => server().values(),
      isReadableById: async (id) => server().has(id),
    };
    // Rocket.Chat lets apps read only a few variables; the rest of the environment may hold secrets.
    const readable = (name: string): string | undefined => {
      const key = name.toUpperCase();
      if (key === 'ROOT_URL') return config.siteUrl();
      return config.environmentVariables.includes(key) ? process.env[key] : undefined;
    };
    this.variables = {
      getValueByName: async (name) => {
        if (!(await this.variables.isReadable(name))) {
          throw new HostError('not_supported', `The environment variable "${name}" is not readable by apps on this host`);
        }
        return readable(name) ?? '';
      },
      isReadable: async (name) => name.toUpperCase() === 'ROOT_URL' || config.environmentVariables.includes(name.toUpperCase()),
      isSet: async (name) => readable(name) !== undefined,
    };
  }

  getSettings(): ISettingRead {
    return this.settings;
  }

  getServerSettings(): IServerSettingRead {
    return this.serverSettings;
  }

  getEnvironmentVariables(): IEnvironmentalVariableRead {
    return this.variables;
  }
}

/** One server setting's value without building them all (an OAuth callback reads `Site_Url` each time). */
function serverSettingValue(config: HostConfig, id: string): unknown {
  switch (id) {
    case SITE_URL:
      return config.siteUrl();
    case 'Site_Name':
      return config.siteName;
    case 'Language':
      return 'en';
    default:
      return undefined;
  }
}

const SERVER_SETTINGS = [SITE_URL, 'Site_Name', 'Language'] as const;

function serverSettings(config: HostConfig): Map<string, ISetting> {
  return new Map(
    SERVER_SETTINGS.map((id) => {
      const value = serverSettingValue(config, id);
      return [id, { id, type: SettingType.STRING, packageValue: value, value, required: true, public: true, i18nLabel: id }];
    }),
  );
}
