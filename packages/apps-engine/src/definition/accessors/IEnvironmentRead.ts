import type { IServerSettingRead, ISettingRead } from '../settings/ISetting.ts';

export interface IEnvironmentRead {
  /** The app's own settings. */
  getSettings(): ISettingRead;
  /** The host's settings; `Site_Url` is the public base URL every redirect URI derives from. */
  getServerSettings(): IServerSettingRead;
}
