import { notifyUser, App, type AppInfoInput, type IConfigurationExtend } from '@plugboard/apps-engine';
import { createOAuth2Client, type IOAuth2Client } from '@plugboard/oauth2';
import { ConnectCommand } from './commands/connect.ts';
import { DisconnectCommand } from './commands/disconnect.ts';
import { MeCommand } from './commands/me.ts';

/** The manifest `plugboard dev` installs the app with. */
export const info: AppInfoInput = {
  id: 'demo',
  name: 'Plugboard demo',
  version: '0.1.0',
  description: 'Connect an account with OAuth 2.0 + PKCE, then ask the server who you are.',
};

/**
 * Where the authorization server is. `plugboard dev` starts one and names it in
 * PLUGBOARD_DEV_ISSUER; DEMO_ISSUER points the demo at any other OpenID provider.
 */
function issuerFromEnvironment(): string {
  const issuer = process.env['DEMO_ISSUER'] ?? process.env['PLUGBOARD_DEV_ISSUER'];
  if (issuer === undefined || issuer === '') {
    throw new Error('No authorization server: run the demo with `pnpm demo`, or set DEMO_ISSUER');
  }
  return issuer;
}

export default class DemoApp extends App {
  oauth!: IOAuth2Client;
  private issuer = '';

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    this.issuer = issuerFromEnvironment();
    this.oauth = createOAuth2Client(this, {
      alias: 'local',
      // Discovery supplies the endpoints, and the RFC 9207 iss check comes with it.
      issuer: this.issuer,
      defaultScopes: ['openid', 'profile', 'email'],
      authorizationCallback: async (token, user, _read, modify) => {
        await notifyUser(modify, user, token ? 'Connected. Run /me to see who you are.' : 'The connection was not completed.');
      },
    });
    await this.oauth.setup(configuration);
    const oauth = () => this.oauth;
    await configuration.slashCommands.provideSlashCommand(new ConnectCommand(oauth));
    await configuration.slashCommands.provideSlashCommand(new MeCommand(oauth, () => this.issuer));
    await configuration.slashCommands.provideSlashCommand(new DisconnectCommand(oauth));
  }
}
