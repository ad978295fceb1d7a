import type { IConfigurationExtend } from '../../definition/accessors/IConfigurationExtend.ts';
import type { ILogger } from '../../definition/accessors/ILogger.ts';
import { ApiVisibility, type IApi, type IApiEndpoint } from '../../definition/api/IApi.ts';
import { SettingType, type ISetting } from '../../definition/settings/ISetting.ts';
import type { ISlashCommand } from '../../definition/slashcommands/ISlashCommand.ts';
import type { HttpDefaults } from '../outbound/HttpDefaults.ts';

/** What an app registered during `extendConfiguration`. Nothing here is live until the app is enabled. */
export class Registrations {
  readonly endpoints: IApiEndpoint[] = [];
  readonly settings: ISetting[] = [];
  readonly commands: ISlashCommand[] = [];

  /** The `IConfigurationExtend` handed to the app; it only appends to this object. */
  configurationFor(http: HttpDefaults, logger: ILogger): IConfigurationExtend {
    return {
      api: {
        provideApi: (api: IApi) => {
          if (api.visibility !== ApiVisibility.PUBLIC) {
            logger.warn(`Ignoring ${api.endpoints.length} ${api.visibility} endpoint(s): this host serves public endpoints only`);
            return;
          }
          this.endpoints.push(...api.endpoints);
        },
      },
      settings: {
        provideSetting: (setting: ISetting) => {
          this.settings.push(secretsNotPublic(setting, logger));
        },
      },
      slashCommands: {
        provideSlashCommand: (command: ISlashCommand) => {
          this.commands.push(command);
        },
      },
      http,
    };
  }
}

/** A PASSWORD setting is a secret: clients must never read it, whatever the app asked for. */
export function secretsNotPublic(setting: ISetting, logger: ILogger): ISetting {
  if (setting.type === SettingType.PASSWORD && setting.public) {
    logger.warn(`Setting "${setting.id}" is a PASSWORD: it is made non-public`);
    return { ...setting, public: false };
  }
  return { ...setting };
}
