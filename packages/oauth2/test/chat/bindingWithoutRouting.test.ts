import { App, type IConfigurationExtend, type IHttp, type IModify, type IPersistence, type IRead, type IUIKitResponse, type IUser, type UIKitBlockInteractionContext, type UIKitViewSubmitInteractionContext } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { bindingCodeFrom, completeConsent, confirmBindingInChat, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { afterEach, expect, it } from 'vitest';
import { createOAuth2Client, type OAuth2Client } from '../../src/index.ts';
import { CLIENT_ID, CLIENT_SECRET, getPage } from '../support/harness.ts';

/**
 * The binding confirmation on a host that does not route a library's interactions (as on a
 * Rocket.Chat server): the page tells the user to give the code as the app asks, and an app that
 * forwards its handlers to the client gets the Enter code button and modal working.
 */
const APP = 'rc-binding';
let as: AuthorizationServer | undefined;
let host: AppHost | undefined;
afterEach(async () => {
  await host?.close();
  await as?.close();
  host = undefined;
  as = undefined;
});

class ForwardingApp extends App {
  oauth!: OAuth2Client;
  static issuer = '';
  appSaw = 0;

  async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
    const handled = await this.oauth.handleBlockAction(context, read, http, persis, modify);
    if (handled) return handled;
    this.appSaw += 1;
    return context.getInteractionResponder().successResponse();
  }

  async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
    const handled = await this.oauth.handleViewSubmit(context, read, http, persis, modify);
    if (handled) return handled;
    this.appSaw += 1;
    return context.getInteractionResponder().successResponse();
  }

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    this.oauth = createOAuth2Client(this, { alias: 'id', issuer: ForwardingApp.issuer, defaultScopes: ['openid', 'profile'] });
    // What Rocket.Chat hands an app: configuration.ui without registerInteractionHandler.
    await this.oauth.setup({ ...configuration, ui: { registerButton: (button) => configuration.ui.registerButton(button) } });
  }
}

it('without the host routing the client\'s buttons, an app that forwards its handlers confirms through them; the page says to give the code as the app asks', async () => {
  as = await startAuthorizationServer({});
  ForwardingApp.issuer = as.issuer;
  host = new AppHost({});
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  const app = await host.install(ForwardingApp, { id: APP, name: 'Forwarding', version: '1.0.0' });
  await host.settings.set(APP, 'id-oauth-client-id', CLIENT_ID);
  await host.settings.set(APP, 'id-oauth-clientsecret', CLIENT_SECRET);
  await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${url}/api/apps/public/${APP}/id-callback`] });
  const alice = (await host.users.add({ id: 'u-alice', username: 'alice' })) as IUser;

  const consent = await completeConsent(await app.oauth.getUserAuthorizationUrl(alice), { account: 'alice' });
  const page = await getPage(`${url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`);
  expect(page.body).toContain('give Forwarding this code in the chat as it asks you to');
  expect(bindingCodeFrom(page.body)).toBeDefined();
  expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();

  expect(await confirmBindingInChat(host, { userId: alice.id, alias: 'id', pageHtml: page.body })).toBe(true);
  expect((await app.oauth.getAccessTokenForUser(alice))?.token).toBeTruthy();
  expect(app.appSaw).toBe(0);
});
