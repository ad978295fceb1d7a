import { App, notifyUser, type IConfigurationExtend } from '@plugboard/apps-engine';
import { createOAuth2Client, type IOAuth2Client } from '@plugboard/oauth2';
import { google } from '@plugboard/oauth2/providers';

/** The manifest `plugboard dev` installs the app with. */
export const info = { id: 'plugboard-app', name: 'plugboard-app', version: '0.1.0' };

export default class ConnectApp extends App {
  oauth!: IOAuth2Client;

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    // Under `plugboard dev` without PLUGBOARD_GOOGLE_CLIENT_ID/_SECRET this client is pointed at the
    // bundled authorization server (sign in as alice or bob); with them, at Google.
    this.oauth = createOAuth2Client(this, {
      alias: 'google',
      provider: google(),
      defaultScopes: ['openid', 'email'],
      authorizationCallback: async (token, user, _read, modify) => {
        await notifyUser(modify, user, token ? 'Connected.' : 'The connection was not completed.');
      },
    });
    await this.oauth.setup(configuration);

    // `/connect`: posts the user a fresh, single-use authorization link (state and PKCE included).
    await configuration.slashCommands.provideSlashCommand({
      command: 'connect',
      i18nParamsExample: '',
      i18nDescription: 'Connect your Google account',
      providesPreview: false,
      executor: async (context, _read, modify) => {
        const user = context.getSender();
        const url = await this.oauth.getUserAuthorizationUrl(user);
        await notifyUser(modify, user, `[Connect your Google account](${url.href})`);
      },
    });
  }
}
