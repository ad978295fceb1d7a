import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppHost } from '@plugboard/apps-engine/server';
import DeviceBotApp, { info } from './DeviceBotApp.ts';
import { ALIAS } from './constants.ts';

/**
 * Runs the bot against the real GitHub, with no HTTP port at all: alice runs /connect, enters the
 * code on github.com from any browser, and the bot greets her. GITHUB_CLIENT_ID is an OAuth App
 * (or GitHub App) with "Device flow" enabled; the device flow needs no client secret.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const clientId = env.GITHUB_CLIENT_ID;
  if (!clientId) {
    console.error(
      [
        'Set GITHUB_CLIENT_ID to an OAuth App of https://github.com/settings/developers with "Enable Device Flow" ticked.',
        'Offline, run the test instead: npx vitest run examples/device-bot',
      ].join('\n'),
    );
    process.exitCode = 1;
    return;
  }
  const host = new AppHost();
  try {
    host.on('message', (event) => console.log(`[bot -> ${(event.recipient ?? event.sender).username}] ${event.message.text}`));
    await host.install(DeviceBotApp, info);
    await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, clientId);
    const alice = await host.users.add({ id: 'u-alice', username: 'alice' });
    await host.executeSlashCommand({ userId: alice.id, command: 'connect' });
    await host.executeSlashCommand({ userId: alice.id, command: 'whoami' });
  } finally {
    await host.close();
  }
}

// `npx tsx examples/device-bot/src/main.ts`
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
