// plugboard dev --reset and --settings.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevHost } from '../src/index.ts';
import { main } from '../src/main.ts';
import { captureIo, eventually, tempDir } from './helpers.ts';

const ECHO_APP = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
const quiet = () => {};

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('dev-options');
});
afterEach(async () => {
  await dir.remove();
});

describe('plugboard dev --reset', () => {
  it('drops a saved client id (and every other setting) that would otherwise survive restarts', async () => {
    const store = join(dir.path, '.plugboard', 'dev.sqlite');
    const first = await startDevHost({ appModule: ECHO_APP, port: 0, store, cwd: dir.path, env: {}, logger: quiet });
    try {
      await first.host.settings.set('echo', 'local-oauth-client-id', 'a-wrong-client-id');
      await first.host.settings.set('echo', 'local-oauth-clientsecret', 'its-secret');
      await first.host.settings.set('echo', 'greeting', 'kept until reset');
    } finally {
      await first.close();
    }
    const second = await startDevHost({ appModule: ECHO_APP, port: 0, store, cwd: dir.path, env: {}, logger: quiet });
    try {
      // Without --reset the wrong id is used: "credentials from settings".
      expect(second.aliases).toMatchObject([{ alias: 'local', source: 'settings' }]);
    } finally {
      await second.close();
    }

    const io = captureIo(dir.path);
    const exit = main(['dev', ECHO_APP, '--port', '0', '--store', store, '--reset'], io);
    const url = await eventually(() => /Console: (\S+)/.exec(io.out())?.[1], 'the console URL', 400);
    expect(io.err()).toContain(`Store emptied (--reset): ${store}`);
    expect(io.err()).toMatch(/OAuth alias local: the bundled authorization server/);
    const page = await (await fetch(url)).text();
    expect(page).not.toContain('kept until reset');
    io.abort();
    expect(await exit).toBe(0);
  });
});

describe('plugboard dev --settings', () => {
  it('stores the values of a JSON file at start; a client id there is used as the alias credentials', async () => {
    const file = join(dir.path, 'settings.json');
    await writeFile(file, JSON.stringify({ greeting: 'hi from a file', loud: true, 'local-oauth-client-id': 'real-id', 'local-oauth-clientsecret': 'real-secret' }));
    const dev = await startDevHost({ appModule: ECHO_APP, port: 0, store: 'memory', env: {}, logger: quiet, settingsFile: 'settings.json', cwd: dir.path });
    try {
      expect(dev.presetSettings).toEqual(['greeting', 'loud', 'local-oauth-client-id', 'local-oauth-clientsecret']);
      expect(await dev.host.settings.get('echo', 'greeting')).toBe('hi from a file');
      expect(await dev.host.settings.get('echo', 'loud')).toBe(true);
      expect(dev.aliases).toMatchObject([{ alias: 'local', source: 'settings' }]);
      expect(dev.authorizationServer).toBeUndefined();
    } finally {
      await dev.close();
    }
  });

  it('refuses unknown setting ids (naming the app\'s), bad JSON (without quoting it) and a file that is not an object', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['unknown.json', '{"greeting": "hi", "greetnig": "typo"}', /--settings: unknown\.json names setting\(s\) the app does not have: greetnig \(its settings: .*greeting.*loud/],
      ['bad.json', '{\n  "api-key": "sk-live-do-not-print",\n  "loud": tru\n}', /--settings: bad\.json is not valid JSON( at line 3, column \d+)?\n/],
      ['array.json', '["greeting"]', /--settings: array\.json must hold one JSON object of setting id -> value/],
      ['missing.json', '', /--settings: missing\.json does not exist/],
      ['types.json', '{"greeting": "hi", "loud": "yes"}', /--settings: types\.json: setting loud takes true or false/],
      ['secret.json', '{"api-key": 42}', /--settings: secret\.json: setting api-key takes a string/],
    ];
    for (const [name, content, expected] of cases) {
      if (content !== '') await writeFile(join(dir.path, name), content);
      const io = captureIo(dir.path);
      expect(await main(['dev', ECHO_APP, '--port', '0', '--store', 'memory', '--settings', name], io)).toBe(1);
      expect(io.err()).toMatch(expected);
      expect(io.err()).not.toContain('sk-live-do-not-print');
      expect(io.out()).not.toContain('Console:');
    }
  });
});
