import { afterEach, describe, expect, test } from 'vitest';
import { type IConfigurationExtend, SettingType } from '../src/definition/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';
import { rawRequest } from './support/rawRequest.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

async function hostWithEndpoints(maxBodyBytes?: number): Promise<TestHost & { base: string }> {
  running = await startHost(maxBodyBytes === undefined ? {} : { maxBodyBytes });
  await running.host.install(
    appWith({
      endpoints: [
        { path: 'boom', get: async () => Promise.reject(new Error('database password hunter2 at /srv/internal.js')) },
        { path: 'ok', get: async () => ({ status: 200, content: 'ok' }), post: async (request) => ({ status: 200, content: { got: request.content } }) },
        { path: 'bad-header', get: async () => ({ status: 200, headers: { 'x-bad': 'a\r\nb' }, content: 'x' }) },
      ],
    }),
    info('bad'),
  );
  return { ...running, base: `${running.url}/api/apps/public/bad` };
}

describe('bad input', () => {
  test('a throwing handler gives 500 without internals, is logged once with the app id, and the host keeps serving', async () => {
    const { base, logs } = await hostWithEndpoints();
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: 'internal_error' });
    expect(body).not.toContain('hunter2');
    const errors = logs.filter((entry) => entry.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ appId: 'bad' });
    expect(errors[0]?.message).toContain('GET /api/apps/public/bad/boom failed');
    expect(await (await fetch(`${base}/ok`)).text()).toBe('ok');
  });

  test('an invalid response from the handler is a 500 too', async () => {
    const { base, logs } = await hostWithEndpoints();
    expect((await fetch(`${base}/bad-header`)).status).toBe(500);
    expect(logs.filter((entry) => entry.level === 'error')).toHaveLength(1);
  });

  test('unknown app, unknown path, private and other /api/apps/ paths give 404', async () => {
    const { base, url } = await hostWithEndpoints();
    for (const path of [`${url}/api/apps/public/nobody/ok`, `${base}/nothing`, `${base}`, `${base}/ok/deeper`, `${url}/api/apps/private/bad/x/ok`, `${url}/api/apps/`]) {
      const response = await fetch(path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: 'not_found' });
    }
  });

  test('a method the endpoint lacks gives 405 with Allow', async () => {
    const { base } = await hostWithEndpoints();
    const response = await fetch(`${base}/ok`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect((await rawRequest(`${base}/ok`, { method: 'OPTIONS' })).status).toBe(405);
  });

  test('a body over the cap gives 413, declared or streamed, and the host keeps serving', async () => {
    const { base } = await hostWithEndpoints(1024);
    const declared = await rawRequest(`${base}/ok`, { method: 'POST', headers: { 'content-type': 'text/plain', 'content-length': '2048' }, chunks: ['x'.repeat(2048)] });
    expect(declared.status).toBe(413);
    const streamed = await rawRequest(`${base}/ok`, { method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, chunks: ['x'.repeat(600), 'y'.repeat(600)] });
    expect(streamed.status).toBe(413);
    const fits = await fetch(`${base}/ok`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(1024) });
    expect(fits.status).toBe(200);
  });

  test('malformed JSON gives 400', async () => {
    const { base } = await hostWithEndpoints();
    const response = await fetch(`${base}/ok`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_json' });
  });

  test('a malformed path gives 400', async () => {
    const { base } = await hostWithEndpoints();
    expect((await rawRequest(`${base}/%E0%A4%A`)).status).toBe(400);
  });
});

describe('a failing app is not half-installed', () => {
  const parts = {
    endpoints: [{ path: 'half', get: async () => ({ status: 200 }) }],
    settings: [{ id: 'half-setting', type: SettingType.STRING, packageValue: '', required: false, public: false, i18nLabel: 'x' }],
    commands: [{ command: 'half', i18nParamsExample: '', i18nDescription: '', providesPreview: false, executor: async () => undefined }],
  };
  const Registering = appWith(parts);

  class ThrowsInConfiguration extends Registering {
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      await super.extendConfiguration(configuration);
      throw new Error('cannot configure');
    }
  }

  class RefusesToEnable extends Registering {
    override async onEnable(): Promise<boolean> {
      return false;
    }
  }

  class ThrowsInOnEnable extends Registering {
    override async onEnable(): Promise<boolean> {
      throw new Error('no');
    }
  }

  test.each([
    ['extendConfiguration throws', ThrowsInConfiguration, 'initialize'],
    ['onEnable returns false', RefusesToEnable, 'onEnable'],
    ['onEnable throws', ThrowsInOnEnable, 'onEnable'],
  ])('%s: install rejects naming the app and nothing stays registered', async (_name, Class, step) => {
    running = await startHost();
    const { host, url, logs } = running;
    const failure = host.install(Class as typeof Registering, { id: 'half', name: 'Half App', version: '1.0.0' });
    await expect(failure).rejects.toMatchObject({ code: 'app_install_failed' });
    await expect(failure).rejects.toThrow(`App "Half App" (half) failed to install: ${step}`);
    expect((await fetch(`${url}/api/apps/public/half/half`)).status).toBe(404);
    await expect(host.settings.get('half', 'half-setting')).rejects.toMatchObject({ code: 'app_not_found' });
    await host.users.add({ id: 'u1', username: 'alice' });
    await expect(host.executeSlashCommand({ userId: 'u1', command: 'half' })).rejects.toMatchObject({ code: 'command_not_found' });
    expect(host.apps()).toEqual([]);
    expect(host.slashCommands()).toEqual([]);
    expect(logs.filter((entry) => entry.level === 'error' && entry.appId === 'half')).toHaveLength(1);
    // The id is free: a working app can take it.
    await host.install(Registering, info('half'));
    expect((await fetch(`${url}/api/apps/public/half/half`)).status).toBe(200);
  });

  test('duplicate endpoint paths and taken slash commands are refused', async () => {
    running = await startHost();
    const twice = appWith({ endpoints: [{ path: 'a', get: async () => ({ status: 200 }) }, { path: '/a/', post: async () => ({ status: 200 }) }] });
    await expect(running.host.install(twice, info('twice'))).rejects.toMatchObject({ code: 'duplicate_endpoint' });
    await running.host.install(Registering, info('first'));
    await expect(running.host.install(Registering, info('second'))).rejects.toMatchObject({ code: 'duplicate_command' });
    expect(running.host.apps().map((app) => app.id)).toEqual(['first']);
  });
});
