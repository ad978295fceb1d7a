import type { IApiExtend } from '../api/IApi.ts';
import type { IHttpExtend } from '../http/IHttp.ts';
import type { ISetting } from '../settings/ISetting.ts';
import type { ISlashCommandsExtend } from '../slashcommands/ISlashCommand.ts';

export interface ISettingsExtend {
  provideSetting(setting: ISetting): Promise<void> | void;
}

/** How an app extends the host during `extendConfiguration`. Registrations apply once the app is enabled. */
export interface IConfigurationExtend {
  readonly api: IApiExtend;
  readonly settings: ISettingsExtend;
  readonly slashCommands: ISlashCommandsExtend;
  readonly http: IHttpExtend;
}

/** What `onEnable` / `onSettingUpdated` may change after configuration. */
export interface IConfigurationModify {
  readonly settings: {
    /** Updates a setting's definition (not its admin-set value). */
    modifySetting(setting: ISetting): Promise<void>;
  };
}
