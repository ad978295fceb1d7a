import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IUser } from '@plugboard/apps-engine';
import { AppHost, type MessageEvent } from '@plugboard/apps-engine/server';
import { completeConsent, confirmBindingInChat, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import DiscordConnectionsApp, { ALIAS, DISCORD_API_SETTING, info, SCOPES } from '../src/index.ts';
import { startFakeDiscordApi } from './support/fakeDiscordApi.ts';

const CLIENT_SECRET = 'thisistotallylegitsecret';
/** Each host registers its own client (its redirect URI has its own port). */
let clients = 0;

let as: AuthorizationServer;
let api: Awaited<ReturnType<typeof startFakeDiscordApi>>;

beforeAll(async () => {
  // Discord's scopes on the local authorization server; OAuth itself happens there, for real.
  as = await startAuthorizationServer({ scopes: ['openid', ...SCOPES] });
  api = await startFakeDiscordApi(as, {
    alice: [
      { id: '583', name: 'alice-gh', type: 'github', verified: true, visibility: 1 },
      { id: '76561', name: 'alice_steam', type: 'steam', verified: true, visibility: 0 },
    ],
  });
});

afterAll(async () => {
  await api?.close();
  await as?.close();
});

let host: AppHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** A host running the app against the local server (issuer discovery, RFC 9207 iss check) and the fake API. */
async function start(waitMs?: number) {
  host = new AppHost({ logger: () => {} });
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  const app = await host.install(DiscordConnectionsApp.using({ issuer: as.issuer }, waitMs === undefined ? {} : { waitMs }), info);
  const redirectUri = `${url}/api/apps/public/${info.id}/${ALIAS}-callback`;
  const clientId = `discord-connections-${++clients}`;
  await as.addClient({ clientId, clientSecret: CLIENT_SECRET, redirectUris: [redirectUri] });
  await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, clientId);
  await host.settings.set(info.id, `${ALIAS}-oauth-clientsecret`, CLIENT_SECRET);
  await host.settings.set(info.id, DISCORD_API_SETTING, api.base);
  const alice = await host.users.add({ id: 'u-alice', username: 'alice' });
  const bob = await host.users.add({ id: 'u-bob', username: 'bob' });
  return { host, app, alice, bob, redirectUri };
}

/** The next message the app sends. */
function nextMessage(on: AppHost): Promise<MessageEvent> {
  return new Promise((resolve) => on.once('message', resolve));
}

function linkIn(text: string): URL {
  return new URL(/https?:\/\/\S+/.exec(text)?.[0] ?? 'about:blank');
}

describe('/connections (DisCatSharp OAuth2Web flow)', () => {
  it('posts a link, waits for the token, answers with the connections, revokes', async () => {
    const { host, app, alice, redirectUri } = await start();
    const posted = nextMessage(host);
    // Not awaited: the command is waiting for alice while she goes through the browser.
    const command = host.executeSlashCommand({ userId: alice.id, command: 'connections' });

    const { message } = await posted;
    expect(message.text).toMatch(/^Please authorize via OAuth at: /);
    const link = linkIn(message.text ?? '');
    expect(link.origin + link.pathname).toBe(as.endpoints.authorization);
    expect(link.searchParams.get('scope')).toBe('identify connections');
    expect(link.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');

    // alice's browser: sign in, approve, come back to the chat host with code + state + iss.
    const consent = await completeConsent(link, { account: 'alice' });
    expect(consent.iss).toBe(as.issuer);
    const page = await fetch(consent.redirectUrl, { redirect: 'manual' });
    expect(page.status).toBe(200);
    // Binding confirmation: the command keeps waiting until alice types the page's code in chat.
    expect(await confirmBindingInChat(host, { userId: alice.id, alias: ALIAS, pageHtml: await page.text() })).toBe(true);

    await command;
    const texts = host.messages.map((event) => event.message.text);
    expect(texts.slice(1)).toEqual([expect.stringMatching(/^Connected: /), '2 total connections\n\nFirst connection username: alice-gh', 'Revoked access token']);

    // The token the API saw is dead at the server and gone from the store.
    const [token] = api.tokensSeen.slice(-1);
    expect(token).toBeTruthy();
    expect((await as.introspect(token!)).active).toBe(false);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
  });

  it('a user without connections hears "0 total connections"', async () => {
    const { host, bob } = await start();
    const posted = nextMessage(host);
    const command = host.executeSlashCommand({ userId: bob.id, command: 'connections' });
    const consent = await completeConsent(linkIn((await posted).message.text ?? ''), { account: 'bob' });
    const page = await fetch(consent.redirectUrl, { redirect: 'manual' });
    expect(page.status).toBe(200);
    await confirmBindingInChat(host, { userId: bob.id, alias: ALIAS, pageHtml: await page.text() });
    await command;
    expect(host.messages.map((event) => event.message.text).slice(1)).toEqual([expect.stringMatching(/^Connected: /), '0 total connections', 'Revoked access token']);
  });

  it('says "Timed out" when nobody authorizes in time, and stores nothing', async () => {
    const { host, app, alice } = await start(150);
    const seen = api.tokensSeen.length;
    await host.executeSlashCommand({ userId: alice.id, command: 'connections' });
    const texts = host.messages.map((event) => event.message.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^Please authorize via OAuth at: /);
    expect(texts[1]).toBe('Timed out');
    expect(api.tokensSeen).toHaveLength(seen);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
  });

  it('a user who refuses is told so at once, not after the wait; nothing is stored', async () => {
    const { host, app, alice } = await start(20_000);
    const posted = nextMessage(host);
    const command = host.executeSlashCommand({ userId: alice.id, command: 'connections' });
    const consent = await completeConsent(linkIn((await posted).message.text ?? ''), { account: 'alice', deny: true });
    expect(consent.error).toBe('access_denied');
    expect((await fetch(consent.redirectUrl, { redirect: 'manual' })).status).toBe(403);
    await command;
    expect(host.messages.map((event) => event.message.text).slice(1)).toEqual(['Authorization was not granted']);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
    expect(app.waits.size).toBe(0);
  });
});
