import Keyv from 'keyv';
import { afterEach, expect, test } from 'vitest';
import {
  App,
  AppStatus,
  type IAppInstallationContext,
  type IAppUninstallationContext,
  type IAppUpdateContext,
  type IConfigurationExtend,
  type IConfigurationModify,
  type IEnvironmentRead,
  type IHttp,
  type IModify,
  type IPersistence,
  type IRead,
  type ISetting,
  type ISettingUpdateContext,
  SettingType,
} from '../src/definition/index.ts';
import { AppHost } from '../src/server/index.ts';

const hosts: AppHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function newHost(store: Keyv, options: ConstructorParameters<typeof AppHost>[0] = {}): AppHost {
  const host = new AppHost({ store, logger: () => {}, ...options });
  hosts.push(host);
  return host;
}

const calls: string[] = [];

class Lifecycle extends App {
  protected override async extendConfiguration(configuration: IConfigurationExtend, environment: IEnvironmentRead): Promise<void> {
    calls.push(`extendConfiguration:${typeof environment.getSettings}`);
    await configuration.settings.provideSetting({ id: 'level', type: SettingType.NUMBER, packageValue: 1, required: false, public: false, i18nLabel: 'level' });
  }

  override async onInstall(context: IAppInstallationContext, _read: IRead, _http: IHttp, _persistence: IPersistence, _modify: IModify): Promise<void> {
    calls.push(`onInstall:${context.user.username}`);
  }

  override async onUpdate(context: IAppUpdateContext): Promise<void> {
    calls.push(`onUpdate:${context.oldAppVersion}->${this.getVersion()}:${context.user?.username}`);
  }

  override async onUninstall(context: IAppUninstallationContext): Promise<void> {
    calls.push(`onUninstall:${context.user.username}`);
  }

  override async onEnable(): Promise<boolean> {
    calls.push(`onEnable:${await this.getStatus()}`);
    return true;
  }

  override async onDisable(): Promise<void> {
    calls.push('onDisable');
  }

  override async onPreSettingUpdate(context: ISettingUpdateContext, _configuration: IConfigurationModify, _read: IRead, _http: IHttp): Promise<ISetting> {
    calls.push(`onPreSettingUpdate:${context.oldSetting.value}->${context.newSetting.value}`);
    if (context.newSetting.value === 13) throw new Error('unlucky');
    return { ...context.newSetting, value: Math.min(Number(context.newSetting.value), 10) };
  }

  override async onSettingUpdated(setting: ISetting): Promise<void> {
    calls.push(`onSettingUpdated:${setting.value}`);
  }
}

test('onInstall runs once per deployment, onUpdate when the version changes, with the installing admin', async () => {
  calls.length = 0;
  const store = new Keyv();
  const info = { id: 'life', name: 'Life', version: '1.0.0' };
  const first = newHost(store, { adminUser: { id: 'root', username: 'root' } });
  const app = await first.install(Lifecycle, info);
  expect(calls).toEqual(['extendConfiguration:function', 'onInstall:root', `onEnable:${AppStatus.INITIALIZED}`]);
  expect(await app.getStatus()).toBe(AppStatus.MANUALLY_ENABLED);
  expect(await first.users.getById('root')).toMatchObject({ username: 'root' });

  // The same store on a restarted (or second) host: already installed, so no onInstall.
  calls.length = 0;
  const second = newHost(store, { adminUser: { id: 'root', username: 'root' } });
  await second.install(Lifecycle, info);
  expect(calls).toEqual(['extendConfiguration:function', `onEnable:${AppStatus.INITIALIZED}`]);

  calls.length = 0;
  const third = newHost(store, { adminUser: { id: 'root', username: 'root' } });
  await third.install(Lifecycle, { ...info, version: '1.1.0' });
  expect(calls).toEqual(['extendConfiguration:function', 'onUpdate:1.0.0->1.1.0:root', `onEnable:${AppStatus.INITIALIZED}`]);

  calls.length = 0;
  await third.uninstall('life');
  expect(calls).toEqual(['onDisable', 'onUninstall:root']);
  calls.length = 0;
  const fourth = newHost(store);
  await fourth.install(Lifecycle, info);
  expect(calls).toEqual(['extendConfiguration:function', 'onInstall:admin', `onEnable:${AppStatus.INITIALIZED}`]);
});

test('unload stops an app and keeps everything: installing it again is a restart, with its setting values and records', async () => {
  calls.length = 0;
  const host = newHost(new Keyv());
  const info = { id: 'life', name: 'Life', version: '1.0.0' };
  await host.install(Lifecycle, info);
  await host.settings.set('life', 'level', 7);
  const recordId = await host.accessors('life').persistence.create({ kept: true });
  calls.length = 0;
  await host.unload('life');
  expect(calls).toEqual(['onDisable']);
  expect(host.getApp('life')).toBeUndefined();
  calls.length = 0;
  await host.install(Lifecycle, info);
  expect(calls).toEqual(['extendConfiguration:function', `onEnable:${AppStatus.INITIALIZED}`]);
  expect(await host.settings.get('life', 'level')).toBe(7);
  expect(await host.accessors('life').read.getPersistenceReader().read(recordId)).toEqual({ kept: true });
});

test('onPreSettingUpdate sees old and new and decides the stored value; a throw refuses the change', async () => {
  calls.length = 0;
  const host = newHost(new Keyv());
  await host.install(Lifecycle, { id: 'life', name: 'Life', version: '1.0.0' });
  calls.length = 0;
  await host.settings.set('life', 'level', 50);
  expect(calls).toEqual(['onPreSettingUpdate:1->50', 'onSettingUpdated:10']);
  expect(await host.settings.get('life', 'level')).toBe(10);
  await expect(host.settings.set('life', 'level', 13)).rejects.toThrow('unlucky');
  expect(await host.settings.get('life', 'level')).toBe(10);
  // An app may change its own setting values (environmentWriter), through the same hooks.
  calls.length = 0;
  await host.getApp('life')!.getAccessors().environmentWriter.getSettings().updateValue('level', 3);
  expect(calls).toEqual(['onPreSettingUpdate:10->3', 'onSettingUpdated:3']);
});

test('the environment: Site_Url and friends as server settings, and only allow-listed environment variables', async () => {
  process.env['PLUGBOARD_TEST_SECRET'] = 'do-not-leak';
  process.env['PLUGBOARD_TEST_PUBLIC'] = 'shown';
  const host = newHost(new Keyv(), { siteUrl: 'https://chat.example.test/', siteName: 'Example', environmentVariables: ['PLUGBOARD_TEST_PUBLIC'] });
  await host.install(Lifecycle, { id: 'life', name: 'Life', version: '1.0.0' });
  const environment = host.accessors('life').environment;
  const server = environment.getServerSettings();
  expect(await server.getValueById('Site_Url')).toBe('https://chat.example.test');
  expect(await server.getOneById('Site_Name')).toMatchObject({ id: 'Site_Name', value: 'Example', type: SettingType.STRING });
  expect([...(await server.getAll())].map((setting) => setting.id)).toEqual(['Site_Url', 'Site_Name', 'Language']);
  expect(await server.isReadableById('Site_Url')).toBe(true);
  await expect(server.getOneById('Accounts_Secret')).rejects.toMatchObject({ code: 'setting_not_found' });

  const variables = environment.getEnvironmentVariables();
  expect(await variables.getValueByName('ROOT_URL')).toBe('https://chat.example.test');
  expect(await variables.getValueByName('plugboard_test_public')).toBe('shown');
  expect(await variables.isReadable('PLUGBOARD_TEST_SECRET')).toBe(false);
  expect(await variables.isSet('PLUGBOARD_TEST_SECRET')).toBe(false);
  await expect(variables.getValueByName('PLUGBOARD_TEST_SECRET')).rejects.toMatchObject({ code: 'not_supported' });
});

test('configurationModify.slashCommands disables and re-enables a command of the app', async () => {
  const host = newHost(new Keyv());
  let modify: IConfigurationModify | undefined;
  class Commands extends App {
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      await configuration.slashCommands.provideSlashCommand({ command: 'ping', i18nParamsExample: '', i18nDescription: '', providesPreview: false, executor: async () => {} });
    }
    override async onEnable(_environment: IEnvironmentRead, configuration: IConfigurationModify): Promise<boolean> {
      modify = configuration;
      return true;
    }
  }
  await host.install(Commands, { id: 'cmds', name: 'Cmds', version: '1.0.0' });
  await host.users.add({ id: 'u1', username: 'alice' });
  await modify!.slashCommands.disableSlashCommand('ping');
  expect(host.slashCommands()).toEqual([]);
  await expect(host.executeSlashCommand({ userId: 'u1', command: 'ping' })).rejects.toMatchObject({ code: 'command_not_found' });
  await modify!.slashCommands.enableSlashCommand('/ping');
  await host.executeSlashCommand({ userId: 'u1', command: 'ping' });
  await expect(modify!.slashCommands.disableSlashCommand('other')).rejects.toMatchObject({ code: 'command_not_found' });
  await expect(modify!.serverSettings.hideSetting('x')).rejects.toMatchObject({ code: 'not_supported' });
});

test('an app id or name that is not a plain string is refused before anything runs', async () => {
  const host = newHost(new Keyv());
  await expect(host.install(Lifecycle, { id: '../x', name: 'X', version: '1' })).rejects.toMatchObject({ code: 'invalid_app_id' });
  await expect(host.install(Lifecycle, { id: 'x', name: '', version: '1' })).rejects.toMatchObject({ code: 'app_install_failed' });
  await expect(host.install(Lifecycle, { id: 'x', name: 'X', version: '' })).rejects.toMatchObject({ code: 'app_install_failed' });
});
