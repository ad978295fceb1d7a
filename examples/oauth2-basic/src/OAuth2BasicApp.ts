import { notifyUser, App, type AppInfoInput, type IConfigurationExtend } from '@plugboard/apps-engine';
import { createOAuth2Client, type IOAuth2Client } from '@plugboard/oauth2';
import { ConnectCommand, DisconnectCommand, WhoAmICommand } from './commands.ts';

/** Where the authorization server lives: the four URIs of the Rocket.Chat snippet, plus userinfo. */
export interface ServerEndpoints {
  authUri: string;
  accessTokenUri: string;
  refreshTokenUri: string;
  revokeTokenUri: string;
  /** OpenID Connect userinfo: `/whoami` calls it with the user's access token. */
  userinfoUri: string;
}

/** The endpoints the Rocket.Chat snippet hard-codes (Google's). */
export const GOOGLE_ENDPOINTS: ServerEndpoints = {
  authUri: 'https://accounts.google.com/o/oauth2/v2/auth',
  accessTokenUri: 'https://oauth2.googleapis.com/token',
  refreshTokenUri: 'https://oauth2.googleapis.com/token',
  revokeTokenUri: 'https://oauth2.googleapis.com/revoke',
  userinfoUri: 'https://openidconnect.googleapis.com/v1/userinfo',
};

export const info: AppInfoInput = {
  id: 'oauth2-basic',
  name: 'OAuth2 basic',
  version: '1.0.0',
  description: 'Connect a chat user to an OAuth 2.0 server: /connect, /whoami, /disconnect',
};

/** The alias names the callback endpoint (`test-callback`) and the settings (`test-oauth-client-id`, ...). */
export const ALIAS = 'test';

export default class OAuth2BasicApp extends App {
  /** The endpoints this class talks to. `OAuth2BasicApp.using(...)` gives a copy that uses others. */
  static endpoints: ServerEndpoints = GOOGLE_ENDPOINTS;

  /** The app, pointed at another authorization server (main.ts and the test use the local one). */
  static using(endpoints: ServerEndpoints): typeof OAuth2BasicApp {
    return class extends OAuth2BasicApp {
      static override endpoints = endpoints;
    };
  }

  /** One client for the app's lifetime: refreshes are shared, events have one place to go. */
  oauth!: IOAuth2Client;

  get endpoints(): ServerEndpoints {
    return (this.constructor as typeof OAuth2BasicApp).endpoints;
  }

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    const { authUri, accessTokenUri, refreshTokenUri, revokeTokenUri } = this.endpoints;
    this.oauth = createOAuth2Client(this, {
      alias: ALIAS,
      authUri,
      accessTokenUri,
      refreshTokenUri,
      revokeTokenUri,
      defaultScopes: ['openid', 'profile', 'email'],
      // Runs after the callback page: tell the user in the chat how it went.
      authorizationCallback: async (token, user, _read, modify) => {
        await notifyUser(modify, user, token ? 'Connected. Try /whoami.' : 'The authorization did not complete; run /connect to try again.');
      },
    });
    // No try/catch as in the Rocket.Chat snippet: a broken client must fail the install, not
    // leave an app that looks installed and cannot sign anyone in.
    await this.oauth.setup(configuration);
    await configuration.slashCommands.provideSlashCommand(new ConnectCommand(this));
    await configuration.slashCommands.provideSlashCommand(new WhoAmICommand(this));
    await configuration.slashCommands.provideSlashCommand(new DisconnectCommand(this));
  }
}
