import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppHost } from '@plugboard/apps-engine/server';
import DiscordConnectionsApp, { info } from './DiscordConnectionsApp.ts';
import { ALIAS } from './constants.ts';

/**
 * Runs the app against the real Discord on http://localhost:3000 (PORT, SITE_URL to change): alice
 * runs /connections and has a minute to open the link.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port = Number(env.PORT ?? 3000);
  const siteUrl = env.SITE_URL ?? `http://localhost:${port}`;
  const redirectUri = `${siteUrl}/api/apps/public/${info.id}/${ALIAS}-callback`;
  const clientId = env.DISCORD_CLIENT_ID;
  const clientSecret = env.DISCORD_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    console.error(
      [
        'Set DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET to an application of the Discord developer portal',
        `(OAuth2 page) whose redirect URIs include ${redirectUri}.`,
        'Offline, run the test instead: npx vitest run examples/discord-connections',
      ].join('\n'),
    );
    process.exitCode = 1;
    return;
  }

  const host = new AppHost({ siteUrl });
  try {
    await host.listen({ port, host: '127.0.0.1' });
    host.on('message', (event) => console.log(`[app -> ${(event.recipient ?? event.sender).username}] ${event.message.text}`));
    await host.install(DiscordConnectionsApp, info);
    await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, clientId);
    await host.settings.set(info.id, `${ALIAS}-oauth-clientsecret`, clientSecret);
    const alice = await host.users.add({ id: 'u-alice', username: 'alice' });
    // Posts the link, waits up to a minute, answers, revokes.
    await host.executeSlashCommand({ userId: alice.id, command: 'connections' });
  } finally {
    await host.close();
  }
}

// `npx tsx examples/discord-connections/src/main.ts`
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
