import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IUser } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { completeConsent, confirmBindingInChat, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import OAuth2BasicApp, { ALIAS, info, localEndpoints, main } from '../src/index.ts';

const CLIENT = { clientId: 'oauth2-basic-test', clientSecret: 'example-secret:%+&' };

let as: AuthorizationServer;
let host: AppHost;
let hostUrl: string;
let app: OAuth2BasicApp;
let alice: IUser;
/** What the app and host logged: checked for token text. */
const logs: string[] = [];

beforeAll(async () => {
  as = await startAuthorizationServer();
  host = new AppHost({ logger: (entry) => logs.push(entry.message) });
  hostUrl = (await host.listen({ port: 0, host: '127.0.0.1' })).url;
  app = await host.install(OAuth2BasicApp.using(localEndpoints(as)), info);
  await as.addClient({ ...CLIENT, redirectUris: [`${hostUrl}/api/apps/public/${info.id}/${ALIAS}-callback`] });
  await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, CLIENT.clientId);
  await host.settings.set(info.id, `${ALIAS}-oauth-clientsecret`, CLIENT.clientSecret);
  alice = await host.users.add({ id: 'u-alice', username: 'alice' });
});

afterAll(async () => {
  await host?.close();
  await as?.close();
});

/** Runs a command as alice and returns the texts the app sent during it. */
async function command(name: string): Promise<string[]> {
  const before = host.messages.length;
  await host.executeSlashCommand({ userId: alice.id, command: name });
  return host.messages.slice(before).map((event) => event.message.text ?? '');
}

function linkIn(text: string | undefined): URL {
  return new URL(/https?:\/\/\S+/.exec(text ?? '')?.[0] ?? 'about:blank');
}

describe('the Rocket.Chat snippet, ported, against a real authorization server', () => {
  it('connect, whoami, disconnect', async () => {
    expect(await command('whoami')).toEqual(['You are not connected. Run /connect first.']);

    // /connect: the link comes through the notifier.
    const [posted] = await command('connect');
    const link = linkIn(posted);
    expect(link.origin + link.pathname).toBe(as.endpoints.authorization);
    expect(link.searchParams.get('redirect_uri')).toBe(`${hostUrl}/api/apps/public/${info.id}/${ALIAS}-callback`);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.searchParams.get('state')).not.toBe(alice.id);
    expect(posted).not.toContain(CLIENT.clientSecret);

    // The user's browser: sign in and approve at the server, then follow the redirect to the host.
    const consent = await completeConsent(link, { account: 'alice' });
    const before = host.messages.length;
    const page = await fetch(consent.redirectUrl, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Binding confirmation: alice types the code the page showed, in the bot's message.
    expect(await confirmBindingInChat(host, { userId: alice.id, alias: ALIAS, pageHtml: await page.text() })).toBe(true);
    expect(host.messages.slice(before).map((event) => event.message.text)).toEqual([expect.stringMatching(/^Connected: the test account with the id alice is now linked/), 'Connected. Try /whoami.']);

    const token = await app.oauth.getAccessTokenForUser(alice);
    expect(token?.refreshToken).toBeTruthy();
    expect((await as.introspect(token!.token)).active).toBe(true);

    expect(await command('whoami')).toEqual(['You are alice (Alice Liddell, alice@example.test).']);

    expect(await command('disconnect')).toEqual(['Disconnected: your token is revoked and deleted.']);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
    // Revoked at the server too, not only forgotten here.
    expect((await as.introspect(token!.token)).active).toBe(false);
    expect((await as.introspect(token!.refreshToken!)).active).toBe(false);

    expect(await command('whoami')).toEqual(['You are not connected. Run /connect first.']);
    expect(await command('disconnect')).toEqual(['You were not connected.']);
    const logged = logs.join('\n');
    expect(logged).not.toContain(token!.token);
    expect(logged).not.toContain(token!.refreshToken);
    expect(logged).not.toContain(CLIENT.clientSecret);
  });

  it('a link works once: replaying the callback stores nothing new', async () => {
    const link = linkIn((await command('connect'))[0]);
    const consent = await completeConsent(link, { account: 'alice' });
    const page = await fetch(consent.redirectUrl, { redirect: 'manual' });
    expect(page.status).toBe(200);
    await confirmBindingInChat(host, { userId: alice.id, alias: ALIAS, pageHtml: await page.text() });
    const first = await app.oauth.getAccessTokenForUser(alice);
    const replay = await fetch(consent.redirectUrl, { redirect: 'manual' });
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(replay.status).toBeLessThan(500);
    expect((await app.oauth.getAccessTokenForUser(alice))?.token).toBe(first?.token);
    await command('disconnect');
  });

  it('a user who refuses at the server is told so, and nothing is stored', async () => {
    const link = linkIn((await command('connect'))[0]);
    const consent = await completeConsent(link, { account: 'alice', deny: true });
    expect(consent.error).toBe('access_denied');
    const before = host.messages.length;
    expect((await fetch(consent.redirectUrl, { redirect: 'manual' })).status).toBe(403);
    expect(host.messages.slice(before).map((event) => event.message.text)).toEqual([
      'The authorization did not complete; run /connect to try again.',
    ]);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
  });
});

describe('main()', () => {
  it('runs the whole conversation on its own host and server', async () => {
    const lines: string[] = [];
    await main({ print: (line) => lines.push(line) });
    const transcript = lines.join('\n');
    expect(transcript).toContain('You are alice (Alice Liddell, alice@example.test).');
    expect(transcript).toContain('Disconnected: your token is revoked and deleted.');
    expect(lines.at(-1)).toContain('You are not connected.');
  });
});
