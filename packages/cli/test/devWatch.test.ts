// plugboard dev --watch: a new build of the app replaces the running one; the store and the bundled
// server (keys, clients, accounts, tokens) stay, so a connected account survives an edit.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IPersistence } from '@plugboard/apps-engine';
import type { IAuthData, IOAuth2Client } from '@plugboard/oauth2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReloadOutcome } from '../src/dev/DevAppRunner.ts';
import { watchSources } from '../src/dev/watch/watchSources.ts';
import { startDevHost } from '../src/index.ts';
import { main } from '../src/main.ts';
import { captureIo, consentAndConfirm, eventually, tempDir } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('../../apps-engine/test/fixtures/apps/', import.meta.url));
const ECHO_APP = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/rocketchat-app', import.meta.url));

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('dev-watch');
});
afterEach(async () => {
  await dir.remove();
});

interface AcmeClient {
  getAccessTokenForUser(user: unknown): Promise<IAuthData | undefined>;
  refreshUserAccessToken(user: unknown, persis: IPersistence): Promise<IAuthData | undefined>;
}
const acme = (app: unknown) => (app as { getOauth2ClientInstance(): AcmeClient }).getOauth2ClientInstance();

/** Resolves with the next reload outcomes, one per call. */
function reloads() {
  const waiting: Array<(outcome: ReloadOutcome) => void> = [];
  const seen: ReloadOutcome[] = [];
  return {
    onReload: (outcome: ReloadOutcome) => {
      const next = waiting.shift();
      if (next) next(outcome);
      else seen.push(outcome);
    },
    next: () => new Promise<ReloadOutcome>((resolve) => (seen.length > 0 ? resolve(seen.shift()!) : waiting.push(resolve))),
  };
}

describe('plugboard dev --watch', () => {
  it('keeps a connected account across an edit of the app; a build that does not compile leaves the running one', { timeout: 90_000 }, async () => {
    const folder = join(dir.path, 'acme-app');
    await cp(join(FIXTURES, 'oauth-connect'), folder, { recursive: true });
    const reload = reloads();
    // The store lives inside the watched folder (.plugboard/): its writes must not reload the app.
    const dev = await startDevHost({ appModule: '.', cwd: folder, port: 0, store: '.plugboard/dev.sqlite', env: {}, logger: () => {}, watch: true, onReload: reload.onReload });
    try {
      const alice = (await dev.host.users.getById('alice'))!;
      await dev.host.executeSlashCommand({ userId: 'alice', command: 'acme', args: 'connect' });
      const link = /https?:\/\/\S+/.exec(dev.host.messages.at(-1)?.message.text ?? '')![0];
      expect((await consentAndConfirm(dev.host, link)).status).toBe(200);
      const before = (await acme(dev.app).getAccessTokenForUser(alice))!;
      const clientId = await dev.host.settings.get('acme-connect', 'acme-oauth-client-id');
      const firstApp = dev.app;

      // An edit of a file the class file imports.
      const command = join(folder, 'AcmeCommand.ts');
      await writeFile(command, (await readFile(command, 'utf8')).replace("'Usage: /acme connect | me | disconnect'", "'Usage (edited): /acme connect'"));
      const outcome = await reload.next();
      expect(outcome).toMatchObject({ ok: true, files: ['AcmeCommand.ts'] });
      expect(dev.app).not.toBe(firstApp);
      await dev.host.executeSlashCommand({ userId: 'alice', command: 'acme', args: 'help' });
      expect(dev.host.messages.at(-1)?.message.text).toBe('Usage (edited): /acme connect');

      // The same account, token and client: the bundled server still knows them, and a refresh
      // through the new build's client succeeds (it authenticates as the same client).
      expect(await dev.host.settings.get('acme-connect', 'acme-oauth-client-id')).toBe(clientId);
      expect((await acme(dev.app).getAccessTokenForUser(alice))?.token).toBe(before.token);
      expect((await dev.authorizationServer!.introspect(before.token)).active).toBe(true);
      const refreshed = await acme(dev.app).refreshUserAccessToken(alice, dev.host.accessors('acme-connect').persistence);
      expect(refreshed?.token).toBeTruthy();
      expect(refreshed?.token).not.toBe(before.token);
      expect((await dev.authorizationServer!.introspect(refreshed!.token)).active).toBe(true);

      // A syntax error: told with file:line, and the running build stays.
      await writeFile(command, `${await readFile(command, 'utf8')}\nexport const broken = (;\n`);
      const failed = await reload.next();
      expect(failed).toMatchObject({ ok: false, running: true });
      expect(failed.ok ? '' : failed.error).toMatch(/AcmeCommand\.ts:\d+:\d+: /);
      await dev.host.executeSlashCommand({ userId: 'alice', command: 'acme', args: 'help' });
      expect(dev.host.messages.at(-1)?.message.text).toBe('Usage (edited): /acme connect');
      // The console says so too, and that it watches.
      const shown = await (await fetch(`${dev.url}/`)).text();
      expect(shown).toMatch(/reload failed \(AcmeCommand\.ts\)/);
      expect(shown).toContain('<span class="muted" data-watching>· reloads on file changes</span>');
    } finally {
      await dev.close();
    }
  });

  it('reloads an app module afresh (its own files, not the packages) and keeps its connections and a pending authorization', async () => {
    const dev = await startDevHost({ appModule: ECHO_APP, port: 0, store: 'memory', env: {}, logger: () => {} });
    try {
      const alice = (await dev.host.users.getById('alice'))!;
      const oauth = () => (dev.app as unknown as { oauth: IOAuth2Client }).oauth;
      expect((await consentAndConfirm(dev.host, await oauth().getUserAuthorizationUrl(alice))).status).toBe(200);
      const token = (await oauth().getAccessTokenForUser(alice))!.token;
      // bob clicked Connect before the edit and signs in after it.
      const bob = (await dev.host.users.getById('bob'))!;
      const pending = await oauth().getUserAuthorizationUrl(bob);
      const FirstClass = dev.app.constructor;
      const outcome = await dev.reload();
      expect(outcome.ok).toBe(true);
      expect(dev.app.constructor).not.toBe(FirstClass);
      expect(dev.aliases).toMatchObject([{ alias: 'local', source: 'local server', replacedLocalClient: false }]);
      expect((await oauth().getAccessTokenForUser(alice))?.token).toBe(token);
      expect((await consentAndConfirm(dev.host, pending, { account: 'bob' })).status).toBe(200);
      expect(await oauth().getAccessTokenForUser(bob)).toBeTruthy();
      await dev.host.executeSlashCommand({ userId: 'alice', command: 'say', args: 'still here' });
      expect(dev.host.messages.at(-1)?.message.text).toBe('still here');
    } finally {
      await dev.close();
    }
  });

  it('a job scheduled before a reload still runs after it', { timeout: 90_000 }, async () => {
    const dev = await startDevHost({ appModule: EXAMPLE, port: 0, store: 'memory', env: {}, logger: () => {} });
    try {
      await dev.host.executeSlashCommand({ userId: 'alice', command: 'example', args: 'remind 1 tea time' });
      expect(dev.host.messages.at(-1)?.message.text).toBe('I will remind you in 1 second(s).');
      const firstApp = dev.app;
      expect(await dev.reload()).toMatchObject({ ok: true });
      expect(dev.app).not.toBe(firstApp);
      await eventually(() => dev.host.messages.find((event) => event.message.text === 'Reminder: tea time'), 'the reminder', 1200);
    } finally {
      await dev.close();
    }
  });

  it('reloads without the bundled server when no alias uses it (it was stopped at start)', async () => {
    const env = { PLUGBOARD_LOCAL_CLIENT_ID: 'real-id', PLUGBOARD_LOCAL_CLIENT_SECRET: 'real-secret' };
    const dev = await startDevHost({ appModule: ECHO_APP, port: 0, store: 'memory', env, logger: () => {} });
    try {
      expect(dev.authorizationServer).toBeUndefined();
      expect(await dev.reload()).toMatchObject({ ok: true });
      expect(dev.aliases).toMatchObject([{ alias: 'local', source: 'environment' }]);
      expect(await dev.host.settings.get('echo', 'local-oauth-client-id')).toBe('real-id');
    } finally {
      await dev.close();
    }
  });

  it('plugboard dev --watch says it watches, and prints one line per reload', { timeout: 90_000 }, async () => {
    const folder = join(dir.path, 'acme-app');
    await cp(join(FIXTURES, 'oauth-connect'), folder, { recursive: true });
    const io = captureIo(folder);
    const exit = main(['dev', '.', '--watch', '--port', '0', '--store', 'memory'], io);
    await eventually(() => (io.err().includes("Watching the app's files") ? true : undefined), 'the watch line', 1200);
    const command = join(folder, 'AcmeCommand.ts');
    await writeFile(command, (await readFile(command, 'utf8')).replace("'Acme account'", "'Acme account (edited)'"));
    await eventually(() => /Reloaded Acme Connect after a change to AcmeCommand\.ts\./.exec(io.err())?.[0], 'the reload line', 1200);
    io.abort();
    expect(await exit).toBe(0);
  });

  it('watches the app folder but not dot folders (the store), node_modules or the given files', async () => {
    const root = join(dir.path, 'app');
    await mkdir(join(root, '.plugboard'), { recursive: true });
    await mkdir(join(root, 'node_modules', 'pkg'), { recursive: true });
    await mkdir(join(root, 'src'), { recursive: true });
    const changes: string[][] = [];
    let changed!: () => void;
    const first = new Promise<void>((resolve) => (changed = resolve));
    const watcher = await watchSources(root, [join(root, 'dev.sqlite')], (files) => {
      changes.push(files);
      changed();
    });
    try {
      await writeFile(join(root, '.plugboard', 'dev.sqlite'), 'x');
      await writeFile(join(root, 'node_modules', 'pkg', 'index.js'), 'x');
      await writeFile(join(root, 'dev.sqlite'), 'x');
      await writeFile(join(root, 'dev.sqlite-journal'), 'x');
      await writeFile(join(root, 'src', 'app.ts'), 'x');
      await first;
      expect(changes[0]).toEqual([join('src', 'app.ts')]);
    } finally {
      await watcher.close();
    }
  });
});
