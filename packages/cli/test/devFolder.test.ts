import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IAuthData } from '@plugboard/oauth2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevHost } from '../src/index.ts';
import { main } from '../src/main.ts';
import { captureIo, consentAndConfirm, eventually, tempDir } from './helpers.ts';

// A Rocket.Chat app (rc-apps layout) that imports Rocket.Chat's own createOAuth2Client.
const FIXTURES = fileURLToPath(new URL('../../apps-engine/test/fixtures/apps/', import.meta.url));

let dir: { path: string; remove(): Promise<void> };
let folder: string;
beforeEach(async () => {
  dir = await tempDir('dev-folder');
  folder = join(dir.path, 'acme-app');
  await cp(join(FIXTURES, 'oauth-connect'), folder, { recursive: true });
});
afterEach(async () => {
  await dir.remove();
});

interface AcmeApp {
  getOauth2ClientInstance(): { getAccessTokenForUser(user: unknown): Promise<IAuthData | undefined> };
}

describe('plugboard dev <rc-apps folder>', () => {
  it('runs the folder with its console; its Rocket.Chat OAuth client is pointed at the bundled server and completes a flow', async () => {
    const dev = await startDevHost({ appModule: folder, port: 0, store: 'memory', env: {}, logger: () => {} });
    try {
      expect(dev.appId).toBe('acme-connect');
      expect(dev.aliases).toMatchObject([{ alias: 'acme', source: 'local server' }]);
      const page = await (await fetch(`${dev.url}/`)).text();
      expect(page).toContain('Acme Connect');
      expect(page).toContain('/acme');

      await dev.host.executeSlashCommand({ userId: 'alice', command: 'acme', args: 'connect' });
      const link = new URL(/https?:\/\/\S+/.exec(dev.host.messages.at(-1)?.message.text ?? '')?.[0] ?? 'missing:');
      expect(link.origin).toBe(new URL(dev.authorizationServer!.issuer).origin);
      expect(link.searchParams.get('code_challenge_method')).toBe('S256');
      expect((await consentAndConfirm(dev.host, link)).status).toBe(200);
      expect(dev.host.messages.at(-1)?.message.text).toBe('Connected to Acme');
      const alice = await dev.host.users.getById('alice');
      expect((await (dev.app as unknown as AcmeApp).getOauth2ClientInstance().getAccessTokenForUser(alice))?.token).toBeTruthy();
    } finally {
      await dev.close();
    }
  });

  it('plugboard dev . in the app folder prints the app and the console URL', async () => {
    const io = captureIo(folder);
    const exit = main(['dev', '.', '--port', '0', '--store', 'memory'], io);
    const url = await eventually(() => /Console: (\S+)/.exec(io.out())?.[1], 'the console URL', 400);
    expect((await fetch(url)).status).toBe(200);
    expect(io.err()).toMatch(/Acme Connect \(acme-connect\) is running/);
    expect(io.err()).toMatch(/OAuth alias acme: the bundled authorization server/);
    io.abort();
    expect(await exit).toBe(0);
  });

  it('a folder at fault is reported with the file and field', async () => {
    const io = captureIo(dir.path);
    await mkdir(join(dir.path, 'broken'));
    await writeFile(join(dir.path, 'broken/app.json'), JSON.stringify({ id: 'x', name: 'X', version: '1', classFile: 'Nope.ts' }));
    const code = await main(['dev', 'broken', '--port', '0', '--store', 'memory', '--no-auth-server'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain(`${join(dir.path, 'broken', 'app.json')}: "classFile" names Nope.ts, which does not exist`);
  });
});
