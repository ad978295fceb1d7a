import { SettingType, type ISetting } from '@rocket.chat/apps-engine/definition/settings/index.js';
import { HostError } from '../errors.ts';
import type { Redactor } from '../logging/redact.ts';
import type { IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import { checkSettingValue } from './checkSettingValue.ts';
import { SettingValueCache } from './SettingValueCache.ts';

/** Store scope of setting values; `#` cannot start an app id, so no app can reach it. */
const SCOPE = '#settings';
const MASK = '********';
/** How long a stored value read here is reused before the store is asked again (see SettingValueCache). */
export const SETTINGS_CACHE_MS = 1_000;

/** What the host runs around an admin's change: the app's `onPreSettingUpdate` and `onSettingUpdated`. */
export interface SettingHooks {
  /** Resolves with the setting to store (an app may change the value); the default stores it as given. */
  before(appId: string, oldSetting: ISetting, newSetting: ISetting): Promise<ISetting>;
  after(appId: string, setting: ISetting): Promise<void>;
}

/**
 * `host.settings`: what an administrator does in the settings UI. Definitions (type, default) come
 * from the installed apps of this host; values live in the store, so every host sharing the store
 * reads the same value. `onSettingUpdated` runs on the host where the value was set. Values read
 * from the store are reused for `cacheMs` (default 1 s): a change made on this host is seen at once,
 * one made on another host sharing the store within `cacheMs`.
 */
export class HostSettings {
  private readonly definitions = new Map<string, Map<string, ISetting>>();
  private readonly cache: SettingValueCache;

  constructor(
    private readonly bridge: IPersistenceBridge,
    private readonly redactor: Redactor,
    private readonly hooks: SettingHooks,
    cacheMs: number = SETTINGS_CACHE_MS,
  ) {
    this.cache = new SettingValueCache(cacheMs);
  }

  /**
   * Stores an admin-set value (`undefined` clears it). The app's `onPreSettingUpdate` sees the old and
   * new setting first and may change the value; `onSettingUpdated` runs after the store write.
   */
  async set(appId: string, settingId: string, value: unknown): Promise<void> {
    const setting = this.definition(appId, settingId);
    checkSettingValue(appId, setting, value);
    if (setting.type === SettingType.PASSWORD) {
      this.redactor.addSecret(value);
    }
    const oldSetting = await this.getById(appId, settingId);
    const decided = await this.hooks.before(appId, oldSetting, { ...setting, value });
    const stored = decided && 'value' in decided ? decided.value : value;
    if (stored !== value) {
      checkSettingValue(appId, setting, stored);
      if (setting.type === SettingType.PASSWORD) {
        this.redactor.addSecret(stored);
      }
    }
    const id = storeId(appId, settingId);
    this.cache.forget(id);
    try {
      await this.bridge.update(SCOPE, id, { value: stored ?? null }, true);
    } finally {
      this.cache.forget(id);
    }
    await this.hooks.after(appId, { ...setting, value: stored });
  }

  /** The value an app reads: the admin-set value, else the package default. */
  async get(appId: string, settingId: string): Promise<unknown> {
    const setting = this.definition(appId, settingId);
    return (await this.storedValue(appId, setting)) ?? setting.packageValue;
  }

  /** The app's settings with their types, for display: PASSWORD values come back masked. */
  async list(appId: string): Promise<ISetting[]> {
    const settings = [...this.definitionsOf(appId).values()];
    return Promise.all(
      settings.map(async (setting) => {
        const stored = await this.storedValue(appId, setting);
        if (setting.type === SettingType.PASSWORD) {
          return withValue(setting, stored === undefined ? undefined : MASK);
        }
        return withValue(setting, stored);
      }),
    );
  }

  /** The setting with `value` resolved (stored value, else `packageValue`). Used by apps' readers. */
  async getById(appId: string, settingId: string): Promise<ISetting> {
    const setting = this.definition(appId, settingId);
    const stored = await this.storedValue(appId, setting);
    return { ...setting, value: stored ?? setting.packageValue };
  }

  /** @internal Makes an app's settings known (at enable time). */
  define(appId: string, settings: readonly ISetting[]): void {
    this.definitions.set(appId, new Map(settings.map((setting) => [setting.id, { ...setting }])));
  }

  /** @internal A setting the app provides while it configures (readable at once, as on Rocket.Chat). */
  provide(appId: string, setting: ISetting): void {
    this.definitionsOf(appId).set(setting.id, { ...setting });
  }

  /** @internal `IConfigurationModify.settings.modifySetting`: replaces a definition, keeps the value. */
  redefine(appId: string, setting: ISetting): void {
    this.definition(appId, setting.id);
    this.definitionsOf(appId).set(setting.id, { ...setting });
  }

  /** @internal Forgets an app's definitions; stored values stay for a reinstall. */
  undefine(appId: string): void {
    this.definitions.delete(appId);
    this.cache.forgetPrefix(storeId(appId, ''));
  }

  private async storedValue(appId: string, setting: ISetting): Promise<unknown> {
    const id = storeId(appId, setting.id);
    const value = await this.cache.get(id, async () => ((await this.bridge.read(SCOPE, id)) as { value?: unknown } | undefined)?.value ?? undefined);
    if (setting.type === SettingType.PASSWORD) {
      // Set on another host sharing the store: learn it here too, before any log line can hold it.
      this.redactor.addSecret(value);
    }
    return value;
  }

  private definitionsOf(appId: string): Map<string, ISetting> {
    const settings = this.definitions.get(appId);
    if (!settings) {
      throw new HostError('app_not_found', `No app "${appId}" is installed`);
    }
    return settings;
  }

  private definition(appId: string, settingId: string): ISetting {
    const setting = this.definitionsOf(appId).get(settingId);
    if (!setting) {
      throw new HostError('setting_not_found', `App "${appId}" has no setting "${settingId}"`);
    }
    return setting;
  }
}

function storeId(appId: string, settingId: string): string {
  return `${appId}/${settingId}`;
}

function withValue(setting: ISetting, value: unknown): ISetting {
  const copy = { ...setting };
  delete copy.value;
  return value === undefined ? copy : { ...copy, value };
}
