import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppHost, type MessageEvent } from '@plugboard/apps-engine/server';
import { completeDeviceAuthorization, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import DeviceBotApp, { ALIAS, info, PROFILE_URL_SETTING } from '../src/index.ts';

const CLIENT_SECRET = 'bot-secret';
let clients = 0;

let as: AuthorizationServer;
beforeAll(async () => {
  // The bot's scope on the local server; codes live 3 s so the expiry case is quick.
  as = await startAuthorizationServer({ scopes: ['openid', 'profile', 'read:user'], deviceFlow: { intervalSeconds: 1, codeTtlSeconds: 3 } });
});
afterAll(() => as?.close());

let host: AppHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/**
 * A host that never listens: no port, no callback URL, nothing reachable from outside. The bot
 * only makes outbound calls (device authorization, polls, the profile).
 */
async function start() {
  host = new AppHost({ logger: () => {} });
  // OpenID's userinfo stands in for GitHub's GET /user: it needs openid + profile.
  const app = await host.install(DeviceBotApp.using({ issuer: as.issuer, defaultScopes: ['openid', 'profile'] }), info);
  const clientId = `device-bot-${++clients}`;
  // A client with no redirect URI at all: the authorization code grant is not even possible.
  await as.addClient({ clientId, clientSecret: CLIENT_SECRET, redirectUris: [] });
  await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, clientId);
  await host.settings.set(info.id, `${ALIAS}-oauth-clientsecret`, CLIENT_SECRET);
  await host.settings.set(info.id, PROFILE_URL_SETTING, as.endpoints.userinfo);
  const alice = await host.users.add({ id: 'u-alice', username: 'alice' });
  return { host, app, alice };
}

function nextMessage(on: AppHost): Promise<MessageEvent> {
  return new Promise((resolve) => on.once('message', resolve));
}

/** The link and the code in the bot's message. */
function codeIn(text: string): { link: URL; code: string } {
  const match = /open (\S+) and enter the code (\S+) \(valid for (\d+) min\)/.exec(text);
  if (!match) throw new Error(`no code in "${text}"`);
  return { link: new URL(match[1]!), code: match[2]! };
}

const texts = (on: AppHost) => on.messages.map((event) => event.message.text);

describe('device bot: /connect with no public callback', () => {
  it('posts a code and a link, waits, then greets the user by their provider name; /whoami and /disconnect act on the token', async () => {
    const { host, app, alice } = await start();
    const posted = nextMessage(host);
    const command = host.executeSlashCommand({ userId: alice.id, command: 'connect' });
    const { link, code } = codeIn((await posted).message.text ?? '');
    expect(link.origin + link.pathname).toBe(as.endpoints.deviceVerification);
    expect(link.searchParams.get('user_code')).toBe(code);

    // alice, on her phone: opens the link, checks the code, signs in and approves.
    expect(await completeDeviceAuthorization(link, { account: 'alice' })).toEqual({ outcome: 'approved' });
    await command;
    expect(texts(host).slice(1)).toEqual(['Connected as alice.']);
    expect((await app.oauth.getAccessTokenForUser(alice))?.scope).toBe('openid profile read:user');

    await host.executeSlashCommand({ userId: alice.id, command: 'whoami' });
    await host.executeSlashCommand({ userId: alice.id, command: 'disconnect' });
    await host.executeSlashCommand({ userId: alice.id, command: 'whoami' });
    expect(texts(host).slice(2)).toEqual(['You are alice.', 'Disconnected.', 'You are not connected: run /connect.']);
    expect(as.counters).toMatchObject({ authorizationCodeGrants: 0, successfulDeviceCodeGrants: 1, slowDowns: 0 });
  });

  it('the user can type the code on the bare verification page too', async () => {
    const { host, alice } = await start();
    const posted = nextMessage(host);
    const command = host.executeSlashCommand({ userId: alice.id, command: 'connect' });
    const { code } = codeIn((await posted).message.text ?? '');
    await completeDeviceAuthorization(as.endpoints.deviceVerification, { userCode: code, account: 'bob' });
    await command;
    expect(texts(host).slice(1)).toEqual(['Connected as bob.']);
  });

  it('a user who declines is told so, and nothing is stored', async () => {
    const { host, app, alice } = await start();
    const posted = nextMessage(host);
    const command = host.executeSlashCommand({ userId: alice.id, command: 'connect' });
    await completeDeviceAuthorization(codeIn((await posted).message.text ?? '').link, { deny: 'confirm' });
    await command;
    expect(texts(host).slice(1)).toEqual(['You declined the connection. Nothing was stored.']);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
  });

  it('a code nobody enters expires, and the bot says so', async () => {
    const { host, alice } = await start();
    await host.executeSlashCommand({ userId: alice.id, command: 'connect' });
    expect(texts(host)[1]).toBe('The code expired before it was used. Run /connect again.');
  });
});
