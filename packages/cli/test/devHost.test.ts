import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IOAuth2Client } from '@plugboard/oauth2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevHost } from '../src/index.ts';
import { main } from '../src/main.ts';
import { captureIo, consentAndConfirm, eventually, tempDir } from './helpers.ts';
import { CliError } from '../src/errors.ts';

const appModule = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('dev');
});
afterEach(async () => {
  await dir.remove();
});

const quiet = () => {};

describe('dev host', () => {
  it('uses real credentials from PLUGBOARD_<ALIAS>_CLIENT_ID/SECRET and then starts no local server', async () => {
    const dev = await startDevHost({
      appModule,
      port: 0,
      store: 'memory',
      logger: quiet,
      env: { PLUGBOARD_LOCAL_CLIENT_ID: 'real-id', PLUGBOARD_LOCAL_CLIENT_SECRET: 'real-secret' },
    });
    try {
      expect(dev.aliases).toMatchObject([{ alias: 'local', source: 'environment' }]);
      expect(dev.authorizationServer).toBeUndefined();
      expect(await dev.host.settings.get('echo', 'local-oauth-client-id')).toBe('real-id');
      expect(await dev.host.settings.get('echo', 'local-oauth-clientsecret')).toBe('real-secret');
      expect(await (await fetch(`${dev.url}/`)).text()).not.toContain('real-secret');
    } finally {
      await dev.close();
    }
  });

  it('keeps settings in a 0600 SQLite file across restarts, keeps real stored credentials, drops dead local connections', async () => {
    const store = join(dir.path, '.plugboard', 'dev.sqlite');
    const first = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: {}, logger: quiet });
    const firstClientId = await first.host.settings.get('echo', 'local-oauth-client-id');
    try {
      expect((await stat(store)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir.path, '.plugboard'))).mode & 0o777).toBe(0o700);
      await first.host.settings.set('echo', 'greeting', 'kept');
      const alice = (await first.host.users.getById('alice'))!;
      const oauth = (first.app as unknown as { oauth: IOAuth2Client }).oauth;
      expect((await consentAndConfirm(first.host, await oauth.getUserAuthorizationUrl(alice))).status).toBe(200);
    } finally {
      await first.close();
    }

    // A new bundled server knows neither the old client nor its tokens.
    const second = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: {}, logger: quiet });
    try {
      expect(await second.host.settings.get('echo', 'greeting')).toBe('kept');
      expect(await second.host.settings.get('echo', 'local-oauth-client-id')).not.toBe(firstClientId);
      expect(second.staleConnectionsCleared).toBe(1);
      const oauth = (second.app as unknown as { oauth: IOAuth2Client }).oauth;
      expect(await oauth.getAccessTokenForUser((await second.host.users.getById('alice'))!)).toBeUndefined();
      // An admin's real client id is left alone.
      await second.host.settings.set('echo', 'local-oauth-client-id', 'admin-set-id');
      await second.host.settings.set('echo', 'local-oauth-clientsecret', 'admin-set-secret');
    } finally {
      await second.close();
    }

    const third = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: {}, logger: quiet });
    try {
      expect(third.aliases).toMatchObject([{ alias: 'local', source: 'settings' }]);
      expect(await third.host.settings.get('echo', 'local-oauth-client-id')).toBe('admin-set-id');
      expect(third.authorizationServer).toBeUndefined();
    } finally {
      await third.close();
    }
  });

  it('keeps .plugboard/ out of git by itself, and warns about a store file git would commit', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir.path });
    const byDefault = await startDevHost({ appModule, port: 0, cwd: dir.path, env: {}, logger: quiet });
    try {
      expect(byDefault.storeDescription).toBe('.plugboard/dev.sqlite');
      expect(byDefault.warnings).toEqual([]);
    } finally {
      await byDefault.close();
    }
    expect(await readFile(join(dir.path, '.plugboard', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    // git says so itself: nothing in the folder can be committed.
    expect(execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir.path, encoding: 'utf8' })).toBe('');

    const io = captureIo(dir.path);
    const exit = main(['dev', appModule, '--port', '0', '--store', 'state.sqlite'], io);
    await eventually(() => /Console: (\S+)/.exec(io.out())?.[1], 'the console URL', 400);
    io.abort();
    expect(await exit).toBe(0);
    expect(io.err()).toContain('warning: state.sqlite is not git-ignored; add it to .gitignore so its secrets are never committed\n');
  });

  it('encrypts the store with PLUGBOARD_DEV_KEY: no secret or token in the file; another key or a bad one is refused', async () => {
    const store = join(dir.path, '.plugboard', 'dev.sqlite');
    const key = Buffer.alloc(32, 7).toString('base64');
    const first = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: { PLUGBOARD_DEV_KEY: key }, logger: quiet });
    let secrets: string[];
    try {
      expect(first.storeDescription).toBe(`${store}, encrypted with PLUGBOARD_DEV_KEY`);
      const alice = (await first.host.users.getById('alice'))!;
      const oauth = (first.app as unknown as { oauth: IOAuth2Client }).oauth;
      expect((await consentAndConfirm(first.host, await oauth.getUserAuthorizationUrl(alice))).status).toBe(200);
      await first.host.settings.set('echo', 'api-key', 'sk-dev-store-31337');
      const auth = (await oauth.getAccessTokenForUser(alice))!;
      secrets = [String(await first.host.settings.get('echo', 'local-oauth-clientsecret')), auth.token, auth.refreshToken!, 'sk-dev-store-31337'];
    } finally {
      await first.close();
    }
    const folder = join(dir.path, '.plugboard');
    const raw = Buffer.concat(await Promise.all((await readdir(folder)).map((name) => readFile(join(folder, name))))).toString('latin1');
    expect(raw.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(raw).not.toContain(secret);

    const again = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: { PLUGBOARD_DEV_KEY: key }, logger: quiet });
    try {
      expect(await again.host.settings.get('echo', 'api-key')).toBe('sk-dev-store-31337');
    } finally {
      await again.close();
    }
    const otherKey = Buffer.alloc(32, 9).toString('base64');
    const wrong = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: { PLUGBOARD_DEV_KEY: otherKey }, logger: quiet }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(CliError);
    expect((wrong as Error).message).toMatch(/could not be read with PLUGBOARD_DEV_KEY .*use the key it was written with/);
    expect((wrong as Error).message).not.toContain(otherKey);
    expect((wrong as Error).message).toContain('start over with --reset');
    // --reset empties the store before the host reads it: the new key starts a new store.
    const reset = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: { PLUGBOARD_DEV_KEY: otherKey }, logger: quiet, reset: true });
    try {
      expect(await reset.host.settings.get('echo', 'api-key')).toBe('');
    } finally {
      await reset.close();
    }
    const bad = await startDevHost({ appModule, port: 0, store, cwd: dir.path, env: { PLUGBOARD_DEV_KEY: 'too-short' }, logger: quiet }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CliError);
    expect((bad as Error).message).toBe('PLUGBOARD_DEV_KEY must be 32 bytes in base64, e.g. from: openssl rand -base64 32');
  });

  it('plugboard dev prints the console URL, serves it, and stops cleanly on Ctrl-C', async () => {
    const io = captureIo(dir.path);
    const exit = main(['dev', appModule, '--port', '0', '--store', 'memory'], io);
    const url = await eventually(() => /Console: (\S+)/.exec(io.out())?.[1], 'the console URL', 400);
    expect((await fetch(url)).status).toBe(200);
    expect(io.err()).toMatch(/OAuth alias local: the bundled authorization server, credentials and endpoints both/);
    io.abort();
    expect(await exit).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('fails clearly when the module has no App default export', async () => {
    const io = captureIo(dir.path);
    const code = await main(['dev', fileURLToPath(new URL('./helpers.ts', import.meta.url)), '--port', '0', '--store', 'memory'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/must export its App class \(as the default export, or as its only App export\)/);
  });

  it("reports an app that fails to install with the host's (redacted) reason", async () => {
    const io = captureIo(dir.path);
    const demo = fileURLToPath(new URL('../../../examples/demo/src/index.ts', import.meta.url));
    const code = await main(['dev', demo, '--port', '0', '--store', 'memory', '--no-auth-server'], { ...io, env: {} });
    expect(code).toBe(1);
    expect(io.err()).toMatch(/plugboard dev: App "Plugboard demo" \(demo\) failed to install: initialize: No authorization server/);
  });
});
