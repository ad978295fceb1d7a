import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IUser } from '@plugboard/apps-engine';
import { AppHost, type MessageEvent } from '@plugboard/apps-engine/server';
import { completeConsent, confirmBindingInChat, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';

// The repository's Rocket.Chat app (examples/rocketchat-app: rc-apps layout, only the official
// definitions) installed as it is with installFrom, and driven the way a user would: a slash
// command, the OAuth flow in the browser, a block button, a modal, a scheduled job.
const FOLDER = fileURLToPath(new URL('../../examples/rocketchat-app', import.meta.url));
const APP_ID = '6d1f8c1e-2a4b-4c3d-9e8f-7a6b5c4d3e2f';
const ALIAS = 'example';
const CLIENT = { clientId: 'rocketchat-example', clientSecret: 'example-secret:%+&' };

let as: AuthorizationServer;
let host: AppHost;
let alice: IUser;
const logs: string[] = [];

beforeAll(async () => {
  as = await startAuthorizationServer();
  process.env['EXAMPLE_OAUTH_ISSUER'] = as.issuer;
  host = new AppHost({ logger: (entry) => logs.push(entry.message), environmentVariables: ['EXAMPLE_OAUTH_ISSUER'] });
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  await host.installFrom(FOLDER);
  await as.addClient({ ...CLIENT, redirectUris: [`${url}/api/apps/public/${APP_ID}/${ALIAS}-callback`], tokenEndpointAuthMethod: 'client_secret_post' });
  await host.settings.set(APP_ID, `${ALIAS}-oauth-client-id`, CLIENT.clientId);
  await host.settings.set(APP_ID, `${ALIAS}-oauth-clientsecret`, CLIENT.clientSecret);
  alice = await host.users.add({ id: 'u-alice', username: 'alice' });
}, 60_000);

afterAll(async () => {
  delete process.env['EXAMPLE_OAUTH_ISSUER'];
  await host?.close();
  await as?.close();
});

/** Messages the app sends to alice from now on. */
function watch(): () => MessageEvent[] {
  const before = host.messages.length;
  return () => host.messages.slice(before).filter((event) => event.room.usernames.includes('alice'));
}

async function until<T>(check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('examples/rocketchat-app installed unmodified with installFrom', () => {
  it('is installed from its app.json, with its bot user, slash command and action button', async () => {
    expect(host.apps()).toMatchObject([{ id: APP_ID, name: 'Plugboard Example', version: '1.0.0', commands: ['example'] }]);
    expect(await host.users.getByUsername('plugboard-example.bot')).toMatchObject({ type: 'app', appId: APP_ID });
    expect(host.actionButtons().map((button) => button.actionId)).toContain('example-count-words');
  });

  it('/example connect posts a Connect button whose URL has a random state and PKCE; consent connects alice', async () => {
    const sent = watch();
    await host.executeSlashCommand({ userId: alice.id, command: 'example', args: 'connect' });
    const [prompt] = sent();
    expect(prompt?.sender.username).toBe('plugboard-example.bot');
    expect(prompt?.room.type).toBe('d');
    const link = new URL(/https?:\/\/\S+/.exec(prompt?.message.text ?? '')?.[0] ?? 'about:blank');
    expect(link.origin + link.pathname).toBe(as.endpoints.authorization);
    // Rocket.Chat's own client would send state=<user id> and no PKCE: this is Plugboard's.
    expect(link.searchParams.get('state')).not.toBe(alice.id);
    expect(link.searchParams.get('state')?.length).toBeGreaterThanOrEqual(43);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.searchParams.has('client_secret')).toBe(false);
    const button = (prompt?.message.blocks as Array<{ elements?: Array<{ url?: string }> }> | undefined)?.flatMap((block) => block.elements ?? []).find((element) => element.url);
    expect(button?.url).toBe(link.toString());

    const consent = await completeConsent(link, { account: 'alice' });
    const page = await fetch(consent.redirectUrl, { redirect: 'manual' });
    expect(page.status).toBe(200);
    // The app is unmodified Rocket.Chat code: the binding confirmation's buttons are the client's own.
    expect(await confirmBindingInChat(host, { userId: alice.id, pageHtml: await page.text() })).toBe(true);
    const connected = await until(() => sent().find((event) => event.message.text === 'Connected.'));
    expect(JSON.stringify(connected.message.blocks)).toContain('example-preferences');
    // The client is registered for client_secret_post only (oidc-provider refuses any other
    // method): the exchange authenticated in the body, as Rocket.Chat's client does.
    expect(as.counters.authorizationCodeGrants).toBe(1);
  });

  it('/example whoami calls the provider with the stored token', async () => {
    const sent = watch();
    await host.executeSlashCommand({ userId: alice.id, command: 'example', args: 'whoami' });
    expect(sent().map((event) => event.message.text)).toEqual(['You are Alice Liddell.']);
  });

  it('Preferences opens a modal; an empty submit is refused with a field error, a filled one saves', async () => {
    const sent = watch();
    const opened = await host.interact({ type: 'blockAction', userId: alice.id, actionId: 'example-preferences' });
    const modal = opened.views.find((view) => view.view.id === 'example-preferences-view');
    expect(modal?.view.title).toMatchObject({ text: 'Preferences' });

    const refused = await host.interact({ type: 'viewSubmit', userId: alice.id, viewId: 'example-preferences-view', state: { colour: { value: ' ' } } });
    expect(refused.views.find((view) => view.view.id === 'example-preferences-view')?.errors).toEqual({ colour: 'Pick a colour' });

    const saved = await host.interact({ type: 'viewSubmit', userId: alice.id, viewId: 'example-preferences-view', state: { colour: { value: 'teal' } } });
    expect(saved.views.find((view) => view.view.id === 'example-preferences-view')).toBeUndefined();
    expect(sent().map((event) => event.message.text)).toEqual(['Saved: your colour is teal.']);

    // Opened again, the modal shows the saved colour.
    const again = await host.interact({ type: 'blockAction', userId: alice.id, actionId: 'example-preferences' });
    expect(JSON.stringify(again.views.at(-1)?.view.blocks)).toContain('teal');
    await host.interact({ type: 'viewClosed', userId: alice.id, viewId: 'example-preferences-view' });
    expect(sent().at(-1)?.message.text).toBe('Preferences closed without saving.');
  });

  it('the message action button counts the words of a message', async () => {
    const sent = watch();
    const target = host.messages.find((event) => event.message.text === 'Saved: your colour is teal.');
    await host.interact({ type: 'actionButton', userId: alice.id, actionId: 'example-count-words', messageId: target!.id });
    expect(sent().map((event) => event.message.text)).toEqual(['That message has 5 word(s).']);
  });

  it('/example remind schedules a job that posts the reminder later', async () => {
    const sent = watch();
    await host.executeSlashCommand({ userId: alice.id, command: 'example', args: 'remind 1 stretch your legs' });
    expect(sent().map((event) => event.message.text)).toEqual(['I will remind you in 1 second(s).']);
    const reminder = await until(() => sent().find((event) => event.message.text?.startsWith('Reminder:')));
    expect(reminder.message.text).toBe('Reminder: stretch your legs');
  });

  it('/example disconnect revokes the token at the provider', async () => {
    const app = host.getApp(APP_ID) as unknown as { oauth: { getAccessTokenForUser(user: IUser): Promise<{ token: string } | undefined> } };
    const token = await app.oauth.getAccessTokenForUser(alice);
    const sent = watch();
    await host.executeSlashCommand({ userId: alice.id, command: 'example', args: 'disconnect' });
    expect(sent().map((event) => event.message.text)).toEqual(['Disconnected.']);
    expect((await as.introspect(token!.token)).active).toBe(false);
    expect(logs.join('\n')).not.toContain(token!.token);
  });
});
