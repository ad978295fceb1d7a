import { consentAndConfirm } from './helpers.ts';
import { fileURLToPath } from 'node:url';
import type { IOAuth2Client } from '@plugboard/oauth2';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '../src/index.ts';

const appModule = fileURLToPath(new URL('./fixtures/presetApp.ts', import.meta.url));
let dev: DevHost | undefined;
afterEach(async () => {
  await dev?.close();
  dev = undefined;
});

const oauthOf = (running: DevHost) => (running.app as unknown as { oauth: IOAuth2Client }).oauth;

async function post(running: DevHost, path: string, fields: Record<string, string>): Promise<string> {
  const csrf = /data-csrf="([^"]+)"/.exec(await (await fetch(`${running.url}/?user=alice`)).text())?.[1] ?? '';
  const response = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: running.url },
    body: new URLSearchParams({ csrf, user: 'alice', ...fields }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return (await fetch(`${running.url}/?user=alice`)).text();
}

describe('a google() app under plugboard dev (the README app: named export, no slash command)', () => {
  it('without real credentials: the bundled server supplies both the client and the endpoints; the console connects', async () => {
    dev = await startDevHost({ appModule, port: 0, store: 'memory', env: {}, logger: () => {} });
    expect(dev.appId).toBe('calendar');
    expect(dev.aliases).toMatchObject([{ alias: 'google', source: 'local server' }]);
    const server = dev.authorizationServer!;
    const alice = (await dev.host.users.getById('alice'))!;

    const link = await oauthOf(dev).getUserAuthorizationUrl(alice);
    expect(link.origin + link.pathname).toBe(server.endpoints.authorization);
    expect(link.searchParams.get('client_id')).toBe(await dev.host.settings.get('calendar', 'google-oauth-client-id'));

    // The console's Connect button posts the link, as a /connect command would.
    const html = await post(dev, '/connections/connect', { alias: 'google', account: 'alice' });
    const posted = /<a href="([^"]+)" target="_blank" rel="noopener noreferrer">Connect alice&#39;s google account<\/a>/.exec(html)?.[1];
    expect(posted, /<ul class="activity">[\s\S]*?<\/ul>/.exec(html)?.[0]).toBeDefined();
    const fromConsole = new URL(posted!.replaceAll('&amp;', '&'));
    expect(fromConsole.origin + fromConsole.pathname).toBe(server.endpoints.authorization);
    expect((await consentAndConfirm(dev.host, fromConsole)).status).toBe(200);
    expect((await oauthOf(dev).getAccessTokenForUser(alice))?.token).toBeTruthy();
  });

  it('with PLUGBOARD_GOOGLE_CLIENT_ID/SECRET: Google and those credentials, no bundled server', async () => {
    const env = { PLUGBOARD_GOOGLE_CLIENT_ID: 'real-id.apps.googleusercontent.com', PLUGBOARD_GOOGLE_CLIENT_SECRET: 'real-secret' };
    dev = await startDevHost({ appModule, port: 0, store: 'memory', env, logger: () => {} });
    expect(dev.aliases).toMatchObject([{ alias: 'google', source: 'environment' }]);
    expect(dev.authorizationServer).toBeUndefined();
    const link = await oauthOf(dev).getUserAuthorizationUrl((await dev.host.users.getById('alice'))!);
    expect(link.hostname).toBe('accounts.google.com');
    expect(link.searchParams.get('client_id')).toBe(env.PLUGBOARD_GOOGLE_CLIENT_ID);
  });

  it('without the bundled server and without credentials: not configured, and says what to set', async () => {
    dev = await startDevHost({ appModule, port: 0, store: 'memory', env: {}, logger: () => {}, localAuthorizationServer: false });
    expect(dev.aliases).toMatchObject([{ alias: 'google', source: 'not configured', reason: 'no credentials: set PLUGBOARD_GOOGLE_CLIENT_ID and PLUGBOARD_GOOGLE_CLIENT_SECRET' }]);
  });
});
