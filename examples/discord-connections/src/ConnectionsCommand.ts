import { notifyUser, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type SlashCommandContext } from '@plugboard/apps-engine';
import type { IAuthData } from '@plugboard/oauth2';
import { readApiBase } from './apiBase.ts';
import { DISCORD_API_SETTING, SCOPES } from './constants.ts';
import type DiscordConnectionsApp from './DiscordConnectionsApp.ts';

/** The part of a Discord connection object this command shows (https://discord.com/developers/docs/resources/user#connection-object). */
interface Connection {
  type?: string;
  name?: string;
}

/**
 * `/connections`: DisCatSharp's OAuth2Web example. Posts a link, waits for the user to authorize,
 * answers with their connections, then revokes the token it no longer needs. "Timed out" when
 * nobody authorized within the wait.
 */
export class ConnectionsCommand implements ISlashCommand {
  command = 'connections';
  i18nParamsExample = '';
  i18nDescription = 'Show the accounts linked to your Discord account';
  providesPreview = false;

  constructor(private readonly app: DiscordConnectionsApp) {}

  async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
    const user = context.getSender();
    const { oauth } = this.app;
    // A fresh state bound to this user (DisCatSharp's GenerateSecureState, without the user id in it).
    const url = await oauth.getUserAuthorizationUrl(user, SCOPES);
    // Start waiting before the link is out, so a quick user cannot finish before anyone listens.
    const cancel = new AbortController();
    this.app.waits.set(user.id, cancel);
    const waiting = oauth.waitForAccessToken(user, { timeoutMs: this.app.waitMs, signal: cancel.signal });
    await notifyUser(modify, user, `Please authorize via OAuth at: ${url.href}`);

    let result: IAuthData | undefined;
    try {
      ({ result } = await waiting);
    } catch (error) {
      if (!cancel.signal.aborted) throw error;
      await notifyUser(modify, user, 'Authorization was not granted');
      return;
    } finally {
      if (this.app.waits.get(user.id) === cancel) this.app.waits.delete(user.id);
    }
    if (!result) {
      await notifyUser(modify, user, 'Timed out');
      return;
    }
    try {
      await notifyUser(modify, user, await this.describeConnections(read, http, result));
    } finally {
      // Revoke the access token, we don't need it anymore for this example.
      await oauth.revokeUserAccessToken(user, persis);
    }
    await notifyUser(modify, user, 'Revoked access token');
  }

  private async describeConnections(read: IRead, http: IHttp, token: IAuthData): Promise<string> {
    const base = await readApiBase(read, DISCORD_API_SETTING);
    const response = await http.get(`${base}/users/@me/connections`, {
      headers: { Authorization: `Bearer ${token.token}`, Accept: 'application/json' },
    });
    if (response.statusCode !== 200 || !Array.isArray(response.data)) {
      return `Discord answered HTTP ${response.statusCode}.`;
    }
    const connections = response.data as Connection[];
    const first = connections[0];
    return first ? `${connections.length} total connections\n\nFirst connection username: ${first.name ?? '?'}` : '0 total connections';
  }
}

