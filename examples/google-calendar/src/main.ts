import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppHost } from '@plugboard/apps-engine/server';
import GoogleCalendarApp, { info } from './GoogleCalendarApp.ts';
import { ALIAS } from './constants.ts';

/**
 * Runs the app against the real Google on http://localhost:3000 (PORT, SITE_URL to change): alice
 * runs /calendar, opens the link, and /calendar runs again once Google sent her back; then
 * /calendar disconnect.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port = Number(env.PORT ?? 3000);
  const siteUrl = env.SITE_URL ?? `http://localhost:${port}`;
  const redirectUri = `${siteUrl}/api/apps/public/${info.id}/${ALIAS}-callback`;
  const clientId = env.GOOGLE_CLIENT_ID;
  const clientSecret = env.GOOGLE_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    console.error(
      [
        'Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET to an OAuth client of type "Web application"',
        `(Google Cloud console) whose authorized redirect URI is ${redirectUri},`,
        'in a project with the Google Calendar API enabled.',
        'Offline, run the test instead: npx vitest run examples/google-calendar',
      ].join('\n'),
    );
    process.exitCode = 1;
    return;
  }

  const host = new AppHost({ siteUrl });
  try {
    await host.listen({ port, host: '127.0.0.1' });
    host.on('message', (event) => console.log(`[app -> ${(event.recipient ?? event.sender).username}] ${event.message.text}`));
    const app = await host.install(GoogleCalendarApp, info);
    await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, clientId);
    await host.settings.set(info.id, `${ALIAS}-oauth-clientsecret`, clientSecret);
    const alice = await host.users.add({ id: 'u-alice', username: 'alice' });

    await host.executeSlashCommand({ userId: alice.id, command: 'calendar' });
    console.log('Open the link above in a browser; waiting up to 5 minutes...');
    const { timedOut } = await app.oauth.waitForAccessToken(alice, { timeoutMs: 5 * 60_000 });
    if (timedOut) return;
    await host.executeSlashCommand({ userId: alice.id, command: 'calendar' });
    // The token lives only in this process's memory: give the access back before leaving.
    await host.executeSlashCommand({ userId: alice.id, command: 'calendar', args: 'disconnect' });
  } finally {
    await host.close();
  }
}

// `npx tsx examples/google-calendar/src/main.ts`
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
