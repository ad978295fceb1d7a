import { notifyUser, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type IUser, type SlashCommandContext } from '@plugboard/apps-engine';
import { readApiBase } from './apiBase.ts';
import { CALENDAR_API_SETTING } from './constants.ts';
import type GoogleCalendarApp from './GoogleCalendarApp.ts';

/** The part of a Calendar API event this command shows (https://developers.google.com/calendar/api/v3/reference/events). */
interface CalendarEvent {
  summary?: string;
  start?: { dateTime?: string; date?: string };
}

const MAX_EVENTS = 5;

/** `/calendar`: your next events, or a link to connect first. `/calendar disconnect` revokes access. */
export class CalendarCommand implements ISlashCommand {
  command = 'calendar';
  i18nParamsExample = '[disconnect]';
  i18nDescription = 'Show your next Google Calendar events';
  providesPreview = false;

  constructor(private readonly app: GoogleCalendarApp) {}

  async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
    const user = context.getSender();
    if (context.getArguments()[0] === 'disconnect') {
      const revoked = await this.app.oauth.revokeUserAccessToken(user, persis);
      await notifyUser(modify, user, revoked ? 'Google Calendar disconnected: access revoked at Google.' : 'Google Calendar was not connected.');
      return;
    }
    const token = await this.app.oauth.getAccessTokenForUser(user);
    if (!token) {
      await this.sendLink(modify, user, 'Connect your Google Calendar first');
      return;
    }
    const response = await http.get(`${await readApiBase(read, CALENDAR_API_SETTING)}/calendars/primary/events`, {
      headers: { Authorization: `Bearer ${token.token}`, Accept: 'application/json' },
      params: { timeMin: new Date().toISOString(), singleEvents: 'true', orderBy: 'startTime', maxResults: String(MAX_EVENTS) },
    });
    if (response.statusCode === 401) {
      // Revoked at Google (the user removed the app in their account settings, say).
      await this.sendLink(modify, user, 'Google no longer accepts your authorization; connect again');
      return;
    }
    const items = (response.data as { items?: unknown } | undefined)?.items;
    if (response.statusCode !== 200 || !Array.isArray(items)) {
      await notifyUser(modify, user, `The Calendar API answered HTTP ${response.statusCode}.`);
      return;
    }
    await notifyUser(modify, user, describe(items as CalendarEvent[]));
  }

  private async sendLink(modify: IModify, user: IUser, why: string): Promise<void> {
    const url = await this.app.oauth.getUserAuthorizationUrl(user);
    await notifyUser(modify, user, `${why}: ${url.href}`);
  }
}

function describe(events: CalendarEvent[]): string {
  if (events.length === 0) return 'No upcoming events.';
  const lines = events.slice(0, MAX_EVENTS).map((event) => `- ${event.start?.dateTime ?? event.start?.date ?? '?'} ${event.summary ?? '(no title)'}`);
  return `Your next events:\n${lines.join('\n')}`;
}
