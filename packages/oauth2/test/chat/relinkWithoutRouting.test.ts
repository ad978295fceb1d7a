import { App, type IConfigurationExtend, type IHttp, type IModify, type IPersistence, type IRead, type IUIKitResponse, type IUser, type UIKitBlockInteractionContext } from '@plugboard/apps-engine';
import { AppHost, type MessageEvent } from '@plugboard/apps-engine/server';
import { completeConsent, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { afterEach, expect, it } from 'vitest';
import { createOAuth2Client, type OAuth2Client } from '../../src/index.ts';
import { buttonOf } from '../support/chat.ts';
import { CLIENT_ID, CLIENT_SECRET, getPage } from '../support/harness.ts';

/**
 * The re-link message on a host that does not route a library's clicks (as on a Rocket.Chat
 * server, where plugboardUIExtend is undefined): the button is a link made when the message is
 * sent; an app that forwards its clicks to `handleBlockAction` gets click-time links as well.
 */
const APP = 'rc-like';
let as: AuthorizationServer | undefined;
let host: AppHost | undefined;
afterEach(async () => {
  await host?.close();
  await as?.close();
  host = undefined;
  as = undefined;
});

class RocketChatLikeApp extends App {
  oauth!: OAuth2Client;
  static issuer = '';
  appClicks = 0;

  async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
    const handled = await this.oauth.handleBlockAction(context, read, http, persis, modify);
    if (handled) return handled;
    this.appClicks += 1;
    return context.getInteractionResponder().successResponse();
  }

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    this.oauth = createOAuth2Client(this, { alias: 'id', issuer: RocketChatLikeApp.issuer, defaultScopes: ['openid', 'profile'], bindingConfirmation: false });
    // What Rocket.Chat hands an app: configuration.ui without registerInteractionHandler.
    await this.oauth.setup({ ...configuration, ui: { registerButton: (button) => configuration.ui.registerButton(button) } });
  }
}

function bot(h: AppHost): MessageEvent[] {
  return h.messages.filter((m) => m.appId === APP);
}

it('the connect message carries a link made when sent (valid once, within the state lifetime); consent through it completes the waiting call; "New link" (a click the app forwards) makes a fresh one', async () => {
  as = await startAuthorizationServer({});
  RocketChatLikeApp.issuer = as.issuer;
  host = new AppHost({});
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  const app = await host.install(RocketChatLikeApp, { id: APP, name: 'RC-like', version: '1.0.0' });
  await host.settings.set(APP, 'id-oauth-client-id', CLIENT_ID);
  await host.settings.set(APP, 'id-oauth-clientsecret', CLIENT_SECRET);
  await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${url}/api/apps/public/${APP}/id-callback`] });
  const alice = (await host.users.add({ id: 'u-alice', username: 'alice' })) as IUser;

  const call = app.oauth.withAccessToken(alice, (token) => token.scope, { onReauth: 'prompt', deadlineMs: 60_000 });
  for (let i = 0; i < 100 && bot(host).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const [notice] = bot(host);
  expect(notice!.message.text).toBe('Connect your id account to continue.');
  expect(JSON.stringify(notice!.message.blocks)).toContain('The link works once, within 10 minutes.');
  const link = buttonOf(notice!).url!;
  expect(new URL(link).searchParams.get('state')).toBeTruthy();

  // Opening the link reports a click too (Rocket.Chat): it makes nothing new.
  await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice!).actionId, messageId: notice!.id });
  expect(bot(host)).toHaveLength(1);
  // "New link", forwarded by the app's own handler: a fresh link, shown to alice alone; the app sees no click of the client's.
  await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice!, 1).actionId, messageId: notice!.id });
  const fresh = bot(host).at(-1)!;
  expect(fresh.recipient?.id).toBe('u-alice');
  expect(buttonOf(fresh).url).not.toBe(link);
  expect(app.appClicks).toBe(0);

  const consent = await completeConsent(link, { account: 'alice' });
  expect((await getPage(`${url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`)).status).toBe(200);
  await expect(call).resolves.toContain('openid');
});
