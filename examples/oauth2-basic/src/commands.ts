import { notifyUser, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type SlashCommandContext } from '@plugboard/apps-engine';
import { ReauthorizationRequiredError } from '@plugboard/oauth2';
import type OAuth2BasicApp from './OAuth2BasicApp.ts';

/** `/connect`: sends the user a fresh, single-use authorization link. */
export class ConnectCommand implements ISlashCommand {
  command = 'connect';
  i18nParamsExample = '';
  i18nDescription = 'Connect your account';
  providesPreview = false;

  constructor(private readonly app: OAuth2BasicApp) {}

  async executor(context: SlashCommandContext, _read: IRead, modify: IModify): Promise<void> {
    const user = context.getSender();
    // The link carries a random state bound to this user and a PKCE challenge; it works once.
    const url = await this.app.oauth.getUserAuthorizationUrl(user);
    await notifyUser(modify, user, `Open this link to connect your account: ${url.href}`);
  }
}

interface UserInfo {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
}

/** `/whoami`: calls the server's userinfo endpoint with the user's token. */
export class WhoAmICommand implements ISlashCommand {
  command = 'whoami';
  i18nParamsExample = '';
  i18nDescription = 'Show who you are connected as';
  providesPreview = false;

  constructor(private readonly app: OAuth2BasicApp) {}

  async executor(context: SlashCommandContext, _read: IRead, modify: IModify, http: IHttp): Promise<void> {
    const user = context.getSender();
    let token;
    try {
      // Refreshed first when it is about to expire.
      token = await this.app.oauth.getAccessTokenForUser(user);
    } catch (error) {
      // The server refused the refresh token (invalid_grant): the stored token is already gone.
      if (error instanceof ReauthorizationRequiredError) {
        await notifyUser(modify, user, 'Your authorization has ended. Run /connect again.');
        return;
      }
      throw error;
    }
    if (!token) {
      await notifyUser(modify, user, 'You are not connected. Run /connect first.');
      return;
    }
    const response = await http.get(this.app.endpoints.userinfoUri, {
      headers: { Authorization: `Bearer ${token.token}`, Accept: 'application/json' },
    });
    if (response.statusCode === 401) {
      await notifyUser(modify, user, 'The server no longer accepts your token. Run /connect again.');
      return;
    }
    const me = response.data as Partial<UserInfo> | undefined;
    if (response.statusCode !== 200 || typeof me?.sub !== 'string') {
      await notifyUser(modify, user, `The server answered HTTP ${response.statusCode} without a profile.`);
      return;
    }
    const details = [me.name, me.email].filter((value) => typeof value === 'string').join(', ');
    await notifyUser(modify, user, `You are ${me.preferred_username ?? me.sub}${details ? ` (${details})` : ''}.`);
  }
}

/** `/disconnect`: revokes the token at the server (RFC 7009) and deletes it here. */
export class DisconnectCommand implements ISlashCommand {
  command = 'disconnect';
  i18nParamsExample = '';
  i18nDescription = 'Disconnect your account';
  providesPreview = false;

  constructor(private readonly app: OAuth2BasicApp) {}

  async executor(context: SlashCommandContext, _read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
    const user = context.getSender();
    const revoked = await this.app.oauth.revokeUserAccessToken(user, persis);
    await notifyUser(modify, user, revoked ? 'Disconnected: your token is revoked and deleted.' : 'You were not connected.');
  }
}
