import { App, type IConfigurationExtend, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type IUser, type SlashCommandContext } from '@plugboard/apps-engine';
import { AppHost, type MessageEvent } from '@plugboard/apps-engine/server';
import { completeConsent, confirmBindingInChat, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOAuth2Client, type IOAuth2ClientOptions, type IWithAccessTokenOptions, type OAuth2Client } from '../../src/index.ts';
import { buttonOf } from '../support/chat.ts';
import { CLIENT_ID, CLIENT_SECRET, getPage } from '../support/harness.ts';
import { revokeAtProvider } from '../support/provider.ts';

/**
 * Issue 15 item 4 against real parts: the real authorization server (its userinfo endpoint is the
 * API that answers 401), the real AppHost running a slash command, the user's clicks and consent.
 */
const APP = 'resume-app';

let as: AuthorizationServer | undefined;
let host: AppHost | undefined;
let api: Server | undefined;
let apiUrl: string | undefined;
afterEach(async () => {
  await new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)));
  api = undefined;
  apiUrl = undefined;
  await host?.close();
  await as?.close();
  host = undefined;
  as = undefined;
});

/** `/whoami`: calls the provider's userinfo with the user's token and posts who they are. */
function resumeApp(clientOptions: () => IOAuth2ClientOptions, callOptions: () => IWithAccessTokenOptions, userinfo: () => string) {
  return class ResumeApp extends App {
    oauth!: OAuth2Client;
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      // Not about the binding confirmation: the token is stored at the callback.
      this.oauth = createOAuth2Client(this, { bindingConfirmation: false, ...clientOptions() });
      await this.oauth.setup(configuration);
      const app = this;
      const command: ISlashCommand = {
        command: 'whoami',
        i18nParamsExample: '',
        i18nDescription: 'who am I at the provider',
        providesPreview: false,
        async executor(context: SlashCommandContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
          const sender = context.getSender();
          const profile = await app.oauth.withAccessToken(
            sender,
            async (token) => {
              const response = await fetch(userinfo(), { headers: { authorization: `Bearer ${token.token}` } });
              if (response.status === 401) return response; // the helper sees the 401 and deals with it
              return (await response.json()) as { sub: string };
            },
            { ...callOptions(), read, modify, persis },
          );
          const text = profile instanceof Response ? `failed: ${profile.status}` : `you are ${profile.sub}`;
          await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(context.getRoom()).setText(text));
        },
      };
      await configuration.slashCommands.provideSlashCommand(command);
    }
  };
}

async function start(callOptions: IWithAccessTokenOptions = {}, clientExtra: Partial<IOAuth2ClientOptions> = {}) {
  as = await startAuthorizationServer({});
  const server = as;
  host = new AppHost({});
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  const app = await host.install(resumeApp(() => ({ alias: 'id', issuer: server.issuer, defaultScopes: ['openid', 'profile'], ...clientExtra }), () => callOptions, () => apiUrl ?? server.endpoints.userinfo), { id: APP, name: 'Resume', version: '1.0.0' });
  await host.settings.set(APP, 'id-oauth-client-id', CLIENT_ID);
  await host.settings.set(APP, 'id-oauth-clientsecret', CLIENT_SECRET);
  await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${url}/api/apps/public/${APP}/id-callback`] });
  const alice = (await host.users.add({ id: 'u-alice', username: 'alice' })) as IUser;
  return { as, host, url, app, alice };
}

/** The browser part of a consent: the authorization server, then the callback on the host. */
async function consent(url: string, link: string | URL): Promise<string> {
  const result = await completeConsent(link, { account: 'alice' });
  const page = await getPage(`${url}${result.redirectUrl.pathname}${result.redirectUrl.search}`);
  if (page.status !== 200) throw new Error(`callback answered ${page.status}`);
  return page.body;
}

function fromBot(entry: MessageEvent): boolean {
  return entry.appId === APP;
}

/** Resolves with the next message the app's bot sends that matches. */
function nextBotMessage(h: AppHost, match: (entry: MessageEvent) => boolean = () => true): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const listener = (entry: MessageEvent): void => {
      if (!fromBot(entry) || !match(entry)) return;
      h.off('message', listener);
      resolve(entry);
    };
    h.on('message', listener);
  });
}

/** A resource server that refuses one authorization header with 401 and answers alice's profile otherwise. */
async function refusingApi(refused: string | 'every token'): Promise<void> {
  api = createServer((request, response) => {
    const refuse = refused === 'every token' || request.headers.authorization === refused;
    response.writeHead(refuse ? 401 : 200, { 'content-type': 'application/json', ...(refuse ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {}) });
    response.end(refuse ? '{}' : JSON.stringify({ sub: 'alice' }));
  });
  await new Promise<void>((resolve) => api!.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/me`;
}

describe('withAccessToken (issue 15 item 4)', () => {
  it('a grant revoked at the provider: /whoami prompts alice once in chat, she clicks and consents, and the same command completes without being typed again', async () => {
    const { as, host, url, app, alice } = await start({ onReauth: 'prompt', deadlineMs: 60_000 });
    await consent(url, await app.oauth.getUserAuthorizationUrl(alice));
    const before = await app.oauth.getAccessTokenForUser(alice);
    await revokeAtProvider(as, before!.refreshToken!);
    await revokeAtProvider(as, before!.token, 'access_token');

    const prompt = nextBotMessage(host, (m) => m.recipient === undefined);
    const command = host.executeSlashCommand({ userId: 'u-alice', command: 'whoami' });
    const notice = await prompt;
    expect(notice.room.type).toBe('d');
    // Alice clicks; the link is made now, for her, and shown to her alone.
    const linkShown = nextBotMessage(host, (m) => m.recipient?.id === 'u-alice');
    await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice).actionId, messageId: notice.id });
    await consent(url, buttonOf(await linkShown).url!);

    await command;
    const answers = host.messages.filter((m) => m.message.text?.startsWith('you are') || m.message.text?.startsWith('failed'));
    expect(answers.map((m) => m.message.text)).toEqual(['you are alice']);
    // Exactly one re-link message (the ephemeral link is the click's answer).
    expect(host.messages.filter((m) => fromBot(m) && m.recipient === undefined && m.room.type === 'd')).toHaveLength(1);
    expect(await app.oauth.getConnectionStatus(alice)).toMatchObject({ state: 'connected' });
  });

  it('with the binding confirmation on (the default): alice re-links, types the page\'s code in chat, and the waiting command completes', async () => {
    const { as, host, url, app, alice } = await start({ onReauth: 'prompt', deadlineMs: 60_000 }, { bindingConfirmation: true });
    await confirmBindingInChat(host, { userId: 'u-alice', alias: 'id', pageHtml: await consent(url, await app.oauth.getUserAuthorizationUrl(alice)) });
    const before = await app.oauth.getAccessTokenForUser(alice);
    await revokeAtProvider(as, before!.refreshToken!);

    const prompt = nextBotMessage(host, (m) => m.recipient === undefined && (m.message.text ?? '').includes('stopped working'));
    const command = host.executeSlashCommand({ userId: 'u-alice', command: 'whoami' });
    const notice = await prompt;
    const linkShown = nextBotMessage(host, (m) => m.recipient?.id === 'u-alice');
    await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice).actionId, messageId: notice.id });
    const page = await consent(url, buttonOf(await linkShown).url!);
    // The token is held until alice confirms in chat; only then does the command go on.
    expect(await confirmBindingInChat(host, { userId: 'u-alice', alias: 'id', pageHtml: page })).toBe(true);
    await command;
    expect(host.messages.filter((m) => m.message.text === 'you are alice')).toHaveLength(1);
  });

  it('an access token the API refuses (401) while the grant lives: one refresh, the call runs again, nobody is bothered', async () => {
    const { as, host, url, app, alice } = await start();
    await consent(url, await app.oauth.getUserAuthorizationUrl(alice));
    const before = await app.oauth.getAccessTokenForUser(alice);
    // The fault a real API produces when it drops a token early (a key rotation, a cache): 401 for this token only.
    await refusingApi(`Bearer ${before!.token}`);
    as.resetCounters();
    await host.executeSlashCommand({ userId: 'u-alice', command: 'whoami' });
    expect(host.messages.filter((m) => m.message.text === 'you are alice')).toHaveLength(1);
    expect(as.counters.successfulRefreshGrants).toBe(1);
    expect(host.messages.filter((m) => fromBot(m) && m.room.type === 'd')).toEqual([]);
  });

  it("default onReauth 'throw': a revoked grant rejects the command with reauthorization_required, and alice still gets her one re-link message", async () => {
    const { as, host, url, app, alice } = await start();
    await consent(url, await app.oauth.getUserAuthorizationUrl(alice));
    const before = await app.oauth.getAccessTokenForUser(alice);
    await revokeAtProvider(as, before!.refreshToken!);
    await revokeAtProvider(as, before!.token, 'access_token');
    await expect(host.executeSlashCommand({ userId: 'u-alice', command: 'whoami' })).rejects.toMatchObject({ code: 'command_failed' });
    await expect(app.oauth.withAccessToken(alice, () => 'never runs')).rejects.toMatchObject({ code: 'not_authorized' });
    expect(host.messages.filter((m) => fromBot(m) && m.room.type === 'd' && m.recipient === undefined)).toHaveLength(1);
  });

  it('a user who never connected is asked to connect (one message), and the call completes after consent; nobody answering ends at the deadline', async () => {
    const { host, url, app, alice } = await start({ onReauth: 'prompt', deadlineMs: 60_000 });
    const prompt = nextBotMessage(host, (m) => m.recipient === undefined);
    const command = host.executeSlashCommand({ userId: 'u-alice', command: 'whoami' });
    const notice = await prompt;
    expect(notice.message.text).toBe('Connect your id account to continue.');
    const linkShown = nextBotMessage(host, (m) => m.recipient?.id === 'u-alice');
    await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice).actionId, messageId: notice.id });
    await consent(url, buttonOf(await linkShown).url!);
    await command;
    expect(host.messages.filter((m) => m.message.text === 'you are alice')).toHaveLength(1);

    const bob = (await host.users.add({ id: 'u-bob', username: 'bob' })) as IUser;
    await expect(app.oauth.withAccessToken(bob, () => 'never runs', { onReauth: 'prompt', deadlineMs: 200 })).rejects.toMatchObject({ code: 'reauthorization_timeout' });
  });

  it('scopes the call needs and the grant lacks: scopes_missing, the prompt asks only for the missing one, the call runs with the wider grant', async () => {
    const { host, url, app, alice } = await start({ onReauth: 'prompt', deadlineMs: 60_000, scopes: ['email'] });
    await consent(url, await app.oauth.getUserAuthorizationUrl(alice));
    const prompt = nextBotMessage(host, (m) => m.recipient === undefined);
    const command = host.executeSlashCommand({ userId: 'u-alice', command: 'whoami' });
    const notice = await prompt;
    expect(notice.message.text).toContain('(email)');
    const linkShown = nextBotMessage(host, (m) => m.recipient?.id === 'u-alice');
    await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice).actionId, messageId: notice.id });
    const link = new URL(buttonOf(await linkShown).url!);
    expect(link.searchParams.get('scope')?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    await consent(url, link);
    await command;
    expect(host.messages.filter((m) => m.message.text === 'you are alice')).toHaveLength(1);
    expect(await app.oauth.hasScopes(alice, ['email'])).toBe(true);
  });

  it('a token refused even fresh is revoked: deleted, needs_reauth (revoked), one message; the call rejects with reauthorization_required', async () => {
    const { host, url, app, alice } = await start();
    await consent(url, await app.oauth.getUserAuthorizationUrl(alice));
    await refusingApi('every token');
    const events: unknown[] = [];
    app.oauth.on('reauthorizationRequired', (e) => events.push(e));
    await expect(app.oauth.withAccessToken(alice, (token) => fetch(apiUrl!, { headers: { authorization: `Bearer ${token.token}` } }))).rejects.toMatchObject({ code: 'reauthorization_required', error: 'invalid_token' });
    expect(await app.oauth.getConnectionStatus(alice)).toMatchObject({ state: 'needs_reauth', reason: 'revoked' });
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({ reason: 'revoked', error: 'invalid_token' })]);
    expect(host.messages.filter((m) => fromBot(m) && m.room.type === 'd' && m.recipient === undefined)).toHaveLength(1);
  });
});
