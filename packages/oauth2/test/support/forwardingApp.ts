import { App, type IConfigurationExtend, type IHttp, type IModify, type IPersistence, type IRead, type IUIKitResponse, type IUser, type UIKitBlockInteractionContext, type UIKitViewSubmitInteractionContext } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { afterEach } from 'vitest';
import { createOAuth2Client, type IOAuth2ClientOptions, type OAuth2Client } from '../../src/index.ts';
import { CLIENT_ID, CLIENT_SECRET } from './harness.ts';

/** The client's alias in a forwarding app. */
export const FORWARDING_ALIAS = 'id';

/**
 * An app as it runs on a host that does not route a library's interactions (a Rocket.Chat server):
 * its client is set up with `configuration.ui` lacking `registerInteractionHandler`, and the app's
 * own block-action and view-submit handlers forward to the client. `appSaw` counts the
 * interactions the client left to the app.
 */
export function forwardingApp(options: () => IOAuth2ClientOptions) {
  return class ForwardingApp extends App {
    oauth!: OAuth2Client;
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
      this.oauth = createOAuth2Client(this, options());
      // What Rocket.Chat hands an app: configuration.ui without registerInteractionHandler.
      await this.oauth.setup({ ...configuration, ui: { registerButton: (button) => configuration.ui.registerButton(button) } });
    }
  };
}

export type ForwardingApp = InstanceType<ReturnType<typeof forwardingApp>>;

export interface ForwardingHost {
  as: AuthorizationServer;
  host: AppHost;
  url: string;
  app: ForwardingApp;
  alice: IUser;
}

export interface ForwardingAppOptions {
  appId: string;
  name: string;
  /** Client options besides alias, issuer and scopes (`bindingConfirmation: false`, say). */
  client?: Partial<IOAuth2ClientOptions>;
}

/**
 * For a test file: a function starting a real authorization server and one host with a forwarding
 * app installed, its client registered and alice added; whatever it started is closed after each test.
 */
export function useForwardingHost(): (options: ForwardingAppOptions) => Promise<ForwardingHost> {
  let as: AuthorizationServer | undefined;
  let host: AppHost | undefined;
  afterEach(async () => {
    await host?.close();
    await as?.close();
    host = undefined;
    as = undefined;
  });
  return async ({ appId, name, client = {} }) => {
    const server = await startAuthorizationServer({});
    as = server;
    const started = new AppHost({});
    host = started;
    const { url } = await started.listen({ port: 0, host: '127.0.0.1' });
    const AppClass = forwardingApp(() => ({ alias: FORWARDING_ALIAS, issuer: server.issuer, defaultScopes: ['openid', 'profile'], ...client }));
    const app = await started.install(AppClass, { id: appId, name, version: '1.0.0' });
    await started.settings.set(appId, `${FORWARDING_ALIAS}-oauth-client-id`, CLIENT_ID);
    await started.settings.set(appId, `${FORWARDING_ALIAS}-oauth-clientsecret`, CLIENT_SECRET);
    await server.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${url}/api/apps/public/${appId}/${FORWARDING_ALIAS}-callback`] });
    const alice = (await started.users.add({ id: 'u-alice', username: 'alice' })) as IUser;
    return { as: server, host: started, url, app, alice };
  };
}
