import { notifyUser, App, SettingType, type AppInfoInput, type IConfigurationExtend } from '@plugboard/apps-engine';
import { createOAuth2Client, type IOAuth2Client, type IOAuth2ClientOptions } from '@plugboard/oauth2';
import { google } from '@plugboard/oauth2/providers';
import { CalendarCommand } from './CalendarCommand.ts';
import { ALIAS, CALENDAR_API, CALENDAR_API_SETTING, CALENDAR_SCOPE } from './constants.ts';

export const info: AppInfoInput = {
  id: 'google-calendar',
  name: 'Google Calendar',
  version: '1.0.0',
  description: 'Lists your next Google Calendar events: /calendar',
};

/** The client options that say where the authorization server is. */
export type ServerOptions = Pick<IOAuth2ClientOptions, 'provider' | 'issuer' | 'authUri' | 'accessTokenUri' | 'refreshTokenUri' | 'revokeTokenUri'>;

export default class GoogleCalendarApp extends App {
  /** The preset replaces the snippet's four URIs and adds Google's quirks (access_type=offline, revocation). */
  static server: ServerOptions = { provider: google() };

  /** The app with other server options; the test keeps the preset and moves its endpoints to a fake. */
  static using(server: ServerOptions): typeof GoogleCalendarApp {
    return class extends GoogleCalendarApp {
      static override server = server;
    };
  }

  oauth!: IOAuth2Client;

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    this.oauth = createOAuth2Client(this, {
      alias: ALIAS,
      ...(this.constructor as typeof GoogleCalendarApp).server,
      defaultScopes: [CALENDAR_SCOPE],
      authorizationCallback: async (token, user, _read, modify) => {
        await notifyUser(modify, user, token ? 'Google Calendar connected. Run /calendar to see your next events.' : 'Google Calendar was not connected.');
      },
    });
    await this.oauth.setup(configuration);
    await configuration.settings.provideSetting({
      id: CALENDAR_API_SETTING,
      type: SettingType.STRING,
      packageValue: CALENDAR_API,
      required: true,
      public: false,
      i18nLabel: 'Google Calendar API base URL',
    });
    await configuration.slashCommands.provideSlashCommand(new CalendarCommand(this));
  }
}
