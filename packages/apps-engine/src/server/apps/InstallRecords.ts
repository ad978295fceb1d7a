import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import type { IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';

/** Store scope of the apps this deployment has installed (`#` keeps it out of apps' reach). */
const APPS = '#apps';

export interface InstallRecord {
  id: string;
  version: string;
  installedAt: string;
}

/**
 * Which apps this deployment has installed, and at which version, so that a host restart does not
 * run `onInstall` again, and a new version runs `onUpdate` (Rocket.Chat keeps this in its database).
 */
export class InstallRecords {
  constructor(private readonly bridge: IPersistenceBridge) {}

  async get(appId: string): Promise<InstallRecord | undefined> {
    return (await this.bridge.read(APPS, appId)) as InstallRecord | undefined;
  }

  async put(info: IAppInfo): Promise<void> {
    const previous = await this.get(info.id);
    await this.bridge.update(APPS, info.id, { id: info.id, version: info.version, installedAt: previous?.installedAt ?? new Date().toISOString() }, true);
  }

  async remove(appId: string): Promise<void> {
    await this.bridge.remove(APPS, appId);
  }
}
