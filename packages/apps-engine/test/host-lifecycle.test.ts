import { afterEach, describe, expect, test } from 'vitest';
import { ApiSecurity, ApiVisibility, App, type IAppAccessors, type IConfigurationExtend, type IEnvironmentRead, type ILogger, type IAppInfo } from '../src/definition/index.ts';
import { HostError } from '../src/server/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

describe('install', () => {
  test('constructs with (info, logger, accessors), configures, then enables; returns the instance', async () => {
    running = await startHost();
    const calls: string[] = [];
    class Recorder extends App {
      constructor(info: IAppInfo, logger: ILogger, accessors?: IAppAccessors) {
        super(info, logger, accessors);
        calls.push(`constructor:${info.id}:${typeof logger.info}:${accessors ? 'accessors' : 'none'}`);
      }
      protected override async extendConfiguration(configuration: IConfigurationExtend, environment: IEnvironmentRead): Promise<void> {
        calls.push(`extendConfiguration:${typeof configuration.api.provideApi}:${typeof environment.getSettings}`);
        configuration.api.provideApi({ visibility: 'public' as never, security: 'unsecure' as never, endpoints: [{ path: 'ping', get: async () => ({ status: 200, content: 'pong' }) }] });
      }
      override async onEnable(): Promise<boolean> {
        // Endpoints are not live before the app is enabled.
        calls.push(`onEnable:${this.getAccessors().providedApiEndpoints.length}`);
        return true;
      }
    }
    const app = await running.host.install(Recorder, info('recorder'));
    expect(app).toBeInstanceOf(Recorder);
    expect(calls).toEqual(['constructor:recorder:function:accessors', 'extendConfiguration:function:function', 'onEnable:0']);
    expect(app.getAccessors().providedApiEndpoints).toEqual([
      { path: 'ping', computedPath: '/api/apps/public/recorder/ping', methods: ['get'] },
    ]);
    expect(running.host.getApp('recorder')).toBe(app);
    expect(running.host.apps()).toEqual([
      { id: 'recorder', name: 'App recorder', version: '1.0.0', description: '', endpoints: app.getAccessors().providedApiEndpoints, commands: [] },
    ]);
    const response = await fetch(`${running.url}/api/apps/public/recorder/ping`);
    expect(await response.text()).toBe('pong');
  });

  test('private endpoints are not served (with a warning); public ones are', async () => {
    running = await startHost();
    class Mixed extends App {
      protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        configuration.api.provideApi({ visibility: ApiVisibility.PRIVATE, security: ApiSecurity.UNSECURE, endpoints: [{ path: 'hidden', get: async () => ({ status: 200 }) }] });
        configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints: [{ path: 'shown', get: async () => ({ status: 200 }) }] });
      }
    }
    const app = await running.host.install(Mixed, info('mixed'));
    expect(app.getAccessors().providedApiEndpoints.map((endpoint) => endpoint.path)).toEqual(['shown']);
    expect((await fetch(`${running.url}/api/apps/public/mixed/hidden`)).status).toBe(404);
    expect(running.logs.some((entry) => entry.level === 'warn' && entry.appId === 'mixed' && entry.message.includes('private'))).toBe(true);
  });

  test('rejects a second app with the same id and ids unfit for paths', async () => {
    running = await startHost();
    await running.host.install(appWith({}), info('one'));
    await expect(running.host.install(appWith({}), info('one'))).rejects.toMatchObject({ code: 'app_exists' });
    for (const id of ['', '../x', 'a/b', '#settings', 'a b']) {
      await expect(running.host.install(appWith({}), info(id))).rejects.toMatchObject({ code: 'invalid_app_id' });
    }
  });

  test('uninstall disables the app and stops serving its endpoints', async () => {
    running = await startHost();
    const disabled: string[] = [];
    class Bye extends App {
      protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        configuration.api.provideApi({ visibility: 'public' as never, security: 'unsecure' as never, endpoints: [{ path: 'x', get: async () => ({ status: 204 }) }] });
      }
      override async onDisable(): Promise<void> {
        disabled.push('onDisable');
      }
      override async onUninstall(): Promise<void> {
        disabled.push('onUninstall');
      }
    }
    await running.host.install(Bye, info('bye'));
    expect((await fetch(`${running.url}/api/apps/public/bye/x`)).status).toBe(204);
    await running.host.uninstall('bye');
    expect(disabled).toEqual(['onDisable', 'onUninstall']);
    expect((await fetch(`${running.url}/api/apps/public/bye/x`)).status).toBe(404);
    expect(running.host.getApp('bye')).toBeUndefined();
    expect(() => running?.host.accessors('bye')).toThrow(HostError);
    // The id is free again.
    await running.host.install(Bye, info('bye'));
  });

  test('Site_Url defaults to the listen URL and follows the siteUrl option', async () => {
    running = await startHost();
    await running.host.install(appWith({}), info('site'));
    const server = running.host.accessors('site').environment.getServerSettings();
    expect(await server.getValueById('Site_Url')).toBe(running.url);

    const other = await startHost({ siteUrl: 'https://chat.example.com/' });
    await other.host.install(appWith({}), info('site'));
    expect(await other.host.accessors('site').read.getEnvironmentReader().getServerSettings().getValueById('Site_Url')).toBe('https://chat.example.com');
    await other.host.close();
  });

  test('a closed host refuses new work and closes its port', async () => {
    running = await startHost();
    await running.host.close();
    await expect(running.host.install(appWith({}), info('late'))).rejects.toMatchObject({ code: 'host_closed' });
    await expect(fetch(`${running.url}/api/apps/public/late/x`)).rejects.toThrow();
  });

  test('extra handlers serve paths outside /api/apps/, in order, then 404', async () => {
    running = await startHost();
    running.host.use((request, response, next) => {
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>console</h1>');
        return;
      }
      next();
    });
    expect(await (await fetch(`${running.url}/`)).text()).toBe('<h1>console</h1>');
    expect((await fetch(`${running.url}/elsewhere`)).status).toBe(404);
    // /api/apps/ stays the host's, whatever the extra handlers do.
    expect((await fetch(`${running.url}/api/apps/public/nobody/x`)).status).toBe(404);
  });
});
