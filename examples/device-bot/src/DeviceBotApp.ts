import { App, SettingType, type AppInfoInput, type IConfigurationExtend } from '@plugboard/apps-engine';
import { createOAuth2Client, type IOAuth2Client, type IOAuth2ClientOptions } from '@plugboard/oauth2';
import { github } from '@plugboard/oauth2/providers';
import { ConnectCommand, DisconnectCommand, WhoAmICommand } from './commands.ts';
import { ALIAS, PROFILE_URL, PROFILE_URL_SETTING } from './constants.ts';

export const info: AppInfoInput = {
  id: 'device-bot',
  name: 'Device bot',
  version: '1.0.0',
  description: 'Connect your account from the chat with a code: /connect, /whoami, /disconnect',
};

/** The client options that say where the authorization server is, and how the app polls. */
export type ServerOptions = Pick<IOAuth2ClientOptions, 'provider' | 'issuer' | 'deviceAuthorizationUri' | 'accessTokenUri' | 'authUri' | 'clientAuthMethod' | 'defaultScopes'>;

/** How long /connect waits at most: a device code lives 15 minutes at GitHub. */
const WAIT_MS = 15 * 60_000;

export default class DeviceBotApp extends App {
  static server: ServerOptions = { provider: github() };
  static waitMs = WAIT_MS;

  /** The app with another authorization server and wait (the test: the local server). */
  static using(server: ServerOptions, options: { waitMs?: number } = {}): typeof DeviceBotApp {
    return class extends DeviceBotApp {
      static override server = server;
      static override waitMs = options.waitMs ?? WAIT_MS;
    };
  }

  oauth!: IOAuth2Client;

  get waitMs(): number {
    return (this.constructor as typeof DeviceBotApp).waitMs;
  }

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    this.oauth = createOAuth2Client(this, { alias: ALIAS, ...(this.constructor as typeof DeviceBotApp).server });
    // Registers the client id / secret settings (and a callback endpoint this app never uses).
    await this.oauth.setup(configuration);
    await configuration.settings.provideSetting({
      id: PROFILE_URL_SETTING,
      type: SettingType.STRING,
      packageValue: PROFILE_URL,
      required: true,
      public: false,
      i18nLabel: 'Where the bot asks who you are',
    });
    await configuration.slashCommands.provideSlashCommand(new ConnectCommand(this));
    await configuration.slashCommands.provideSlashCommand(new WhoAmICommand(this));
    await configuration.slashCommands.provideSlashCommand(new DisconnectCommand(this));
  }
}
