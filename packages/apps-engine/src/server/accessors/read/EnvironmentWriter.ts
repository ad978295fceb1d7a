import type { IEnvironmentWrite, IServerSettingUpdater, ISettingUpdater } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../container/tokens.ts';
import type { HostSettings } from '../../settings/HostSettings.ts';
import { unsupported } from '../unsupported.ts';

/** `environmentWriter`: an app may change its own settings' values and select options; server settings stay the admin's. */
@injectable()
export class EnvironmentWriter implements IEnvironmentWrite {
  private readonly settings: ISettingUpdater;

  constructor(@inject(TOKENS.AppId) appId: string, @inject(TOKENS.Settings) settings: HostSettings) {
    this.settings = {
      updateValue: (id, value) => settings.set(appId, id, value),
      updateSelectOptions: async (id, values) => settings.redefine(appId, { ...(await settings.getById(appId, id)), values: values ?? [] }),
    };
  }

  getSettings(): ISettingUpdater {
    return this.settings;
  }

  getServerSettings(): IServerSettingUpdater {
    return unsupported('environmentWriter.getServerSettings()');
  }
}
