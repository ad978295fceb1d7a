import { afterEach, expect, test } from 'vitest';
import { App, type IConfigurationExtend, type IConfigurationModify, type IEnvironmentRead, type IHttp, type IRead, type ISetting, SettingType } from '../src/definition/index.ts';
import { info } from './support/apps.ts';
import type { HostConfigurationModify } from '../src/server/index.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

const base = { required: false, public: false, i18nLabel: 'label' };
const definitions: ISetting[] = [
  { ...base, id: 'name', type: SettingType.STRING, packageValue: 'default name' },
  { ...base, id: 'secret', type: SettingType.PASSWORD, packageValue: '', public: true },
  { ...base, id: 'enabled', type: SettingType.BOOLEAN, packageValue: false },
  { ...base, id: 'count', type: SettingType.NUMBER, packageValue: 3 },
  { ...base, id: 'colour', type: SettingType.SELECT, packageValue: 'red', values: [{ key: 'red', i18nLabel: 'Red' }, { key: 'blue', i18nLabel: 'Blue' }] },
];

class SettingsApp extends App {
  readonly updates: Array<{ id: string; value: unknown; readBack: unknown }> = [];

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    for (const setting of definitions) {
      await configuration.settings.provideSetting(setting);
    }
  }

  override async onSettingUpdated(setting: ISetting, _configuration: IConfigurationModify, read: IRead, _http: IHttp): Promise<void> {
    const readBack = await read.getEnvironmentReader().getSettings().getValueById(setting.id);
    this.updates.push({ id: setting.id, value: setting.value, readBack });
  }
}

async function install(): Promise<{ app: SettingsApp } & TestHost> {
  running = await startHost();
  const app = await running.host.install(SettingsApp, info('cfg'));
  return { app, ...running };
}

test('reads fall back to packageValue until a value is set', async () => {
  const { host, app } = await install();
  const reader = app.getAccessors().environmentReader.getSettings();
  expect(await reader.getValueById('name')).toBe('default name');
  expect(await host.settings.get('cfg', 'count')).toBe(3);
  await host.settings.set('cfg', 'name', 'Calendar');
  expect(await reader.getValueById('name')).toBe('Calendar');
  expect(await reader.getById('name')).toMatchObject({ id: 'name', type: SettingType.STRING, value: 'Calendar', packageValue: 'default name' });
  await host.settings.set('cfg', 'name', undefined);
  expect(await reader.getValueById('name')).toBe('default name');
});

test('settings.set fires onSettingUpdated with the new value, already readable', async () => {
  const { host, app } = await install();
  await host.settings.set('cfg', 'enabled', true);
  expect(app.updates).toEqual([{ id: 'enabled', value: true, readBack: true }]);
});

test('values must fit the setting type', async () => {
  const { host } = await install();
  await expect(host.settings.set('cfg', 'enabled', 'yes')).rejects.toMatchObject({ code: 'invalid_setting' });
  await expect(host.settings.set('cfg', 'count', Number.NaN)).rejects.toMatchObject({ code: 'invalid_setting' });
  await expect(host.settings.set('cfg', 'colour', 'green')).rejects.toMatchObject({ code: 'invalid_setting' });
  await expect(host.settings.set('cfg', 'name', { not: 'a string' })).rejects.toMatchObject({ code: 'invalid_setting' });
  await host.settings.set('cfg', 'colour', 'blue');
  await expect(host.settings.set('cfg', 'missing', 'x')).rejects.toMatchObject({ code: 'setting_not_found' });
  await expect(host.settings.set('nobody', 'name', 'x')).rejects.toMatchObject({ code: 'app_not_found' });
  await expect(host.accessors('cfg').environment.getSettings().getById('missing')).rejects.toMatchObject({ code: 'setting_not_found' });
});

test('a PASSWORD setting is never public, and list() masks its value', async () => {
  const { host, logs } = await install();
  await host.settings.set('cfg', 'secret', 's3cr3t-value');
  const listed = await host.settings.list('cfg');
  expect(listed.map((setting) => [setting.id, setting.type])).toEqual(definitions.map((setting) => [setting.id, setting.type]));
  const secret = listed.find((setting) => setting.id === 'secret');
  expect(secret).toMatchObject({ public: false, value: '********' });
  expect(JSON.stringify(listed)).not.toContain('s3cr3t-value');
  expect(logs.some((entry) => entry.level === 'warn' && entry.message.includes('"secret" is a PASSWORD'))).toBe(true);
  // The app itself reads the real value.
  expect(await host.settings.get('cfg', 'secret')).toBe('s3cr3t-value');
});

test('modifySetting from onEnable changes the definition, not the value, and keeps secrets private', async () => {
  running = await startHost();
  class Modifying extends SettingsApp {
    override async onEnable(_environment: unknown, configuration: IConfigurationModify): Promise<boolean> {
      await (configuration as HostConfigurationModify).settings.modifySetting({ ...base, id: 'secret', type: SettingType.PASSWORD, packageValue: 'p', public: true, i18nLabel: 'new label' });
      return true;
    }
  }
  await running.host.install(Modifying, info('mod'));
  const [, secret] = await running.host.settings.list('mod');
  expect(secret).toMatchObject({ i18nLabel: 'new label', public: false });
});

test('a throwing onSettingUpdated is logged under the app; the value is stored', async () => {
  running = await startHost();
  class Throwing extends SettingsApp {
    override async onSettingUpdated(): Promise<void> {
      throw new Error('hook failed');
    }
  }
  await running.host.install(Throwing, info('throws'));
  await running.host.settings.set('throws', 'name', 'kept');
  expect(await running.host.settings.get('throws', 'name')).toBe('kept');
  const errors = running.logs.filter((entry) => entry.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ appId: 'throws' });
  expect(errors[0]?.message).toContain('onSettingUpdated failed');
});

test('an app reads a setting it provided during extendConfiguration: the package value, then the stored one', async () => {
  running = await startHost();
  const seen: unknown[] = [];
  class ReadsEarly extends App {
    protected override async extendConfiguration(configuration: IConfigurationExtend, environment: IEnvironmentRead): Promise<void> {
      await configuration.settings.provideSetting({ ...base, id: 'region', type: SettingType.STRING, packageValue: 'eu' });
      seen.push(await environment.getSettings().getValueById('region'));
      await environment.getSettings().getValueById('never-provided').catch((error: { code?: string }) => seen.push(error.code));
    }
  }
  await running.host.install(ReadsEarly, info('early'));
  await running.host.settings.set('early', 'region', 'us');
  await running.host.uninstall('early');
  await running.host.install(ReadsEarly, info('early'));
  expect(seen).toEqual(['eu', 'setting_not_found', 'us', 'setting_not_found']);
});

test('a setting read is cached, but never over a change made through this host, even one racing the read', async () => {
  const { SettingValueCache } = await import('../src/server/settings/SettingValueCache.ts');
  let now = 0;
  const cache = new SettingValueCache(1_000, () => now);
  let stored: unknown = 'a';
  let reads = 0;
  const read = async () => {
    reads += 1;
    return stored;
  };
  expect(await cache.get('k', read)).toBe('a');
  stored = 'b'; // changed elsewhere: not seen before the time runs out
  expect(await cache.get('k', read)).toBe('a');
  now = 1_001;
  expect(await cache.get('k', read)).toBe('b');
  // A read under way while this host changes the value does not fill the cache with the old value.
  now = 5_000;
  cache.forget('k');
  let release!: () => void;
  const slow = cache.get('k', () => new Promise((resolve) => (release = () => resolve('old'))));
  cache.forget('k');
  stored = 'new';
  release();
  expect(await slow).toBe('old');
  expect(await cache.get('k', read)).toBe('new');
  expect(reads).toBe(3);
  // Lists come back as copies: a caller's change does not reach the cache.
  const list = (await cache.get('list', async () => ['x'])) as string[];
  list.push('y');
  expect(await cache.get('list', read)).toEqual(['x']);
});
