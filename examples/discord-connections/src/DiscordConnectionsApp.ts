import { App, SettingType, type AppInfoInput, type IConfigurationExtend } from '@plugboard/apps-engine';
import { createOAuth2Client, type IOAuth2Client, type IOAuth2ClientOptions } from '@plugboard/oauth2';
import { discord } from '@plugboard/oauth2/providers';
import { ConnectionsCommand } from './ConnectionsCommand.ts';
import { ALIAS, DISCORD_API, DISCORD_API_SETTING, WAIT_MS } from './constants.ts';

export const info: AppInfoInput = {
  id: 'discord-connections',
  name: 'Discord connections',
  version: '1.0.0',
  description: 'Shows the accounts linked to your Discord account: /connections',
};

/** The client options that say where the authorization server is. */
export type ServerOptions = Pick<IOAuth2ClientOptions, 'provider' | 'issuer' | 'authUri' | 'accessTokenUri' | 'refreshTokenUri' | 'revokeTokenUri'>;

export default class DiscordConnectionsApp extends App {
  static server: ServerOptions = { provider: discord() };
  static waitMs = WAIT_MS;

  /** The app with another authorization server and wait (the test: the local server, a short wait). */
  static using(server: ServerOptions, options: { waitMs?: number } = {}): typeof DiscordConnectionsApp {
    return class extends DiscordConnectionsApp {
      static override server = server;
      static override waitMs = options.waitMs ?? WAIT_MS;
    };
  }

  oauth!: IOAuth2Client;
  /** /connections runs waiting, by user id: the authorization callback cancels one when the user refused. */
  readonly waits = new Map<string, AbortController>();

  get waitMs(): number {
    return (this.constructor as typeof DiscordConnectionsApp).waitMs;
  }

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    this.oauth = createOAuth2Client(this, {
      alias: ALIAS,
      ...(this.constructor as typeof DiscordConnectionsApp).server,
      // Called without a token when the user refused (or the exchange failed): stop waiting for one.
      // Only the host that served the callback hears this; elsewhere the wait runs to its timeout.
      authorizationCallback: (token, user) => {
        if (!token) this.waits.get(user.id)?.abort();
      },
    });
    await this.oauth.setup(configuration);
    await configuration.settings.provideSetting({
      id: DISCORD_API_SETTING,
      type: SettingType.STRING,
      packageValue: DISCORD_API,
      required: true,
      public: false,
      i18nLabel: 'Discord API base URL',
    });
    await configuration.slashCommands.provideSlashCommand(new ConnectionsCommand(this));
  }
}
