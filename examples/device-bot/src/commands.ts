import { notifyUser, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type SlashCommandContext } from '@plugboard/apps-engine';
import { SCOPES } from './constants.ts';
import type DeviceBotApp from './DeviceBotApp.ts';
import { whoIs } from './profile.ts';

/**
 * `/connect`: the device authorization grant. Posts a code and a link, waits for the user to
 * approve on any browser (their phone will do), then greets them by their provider name. Nothing
 * on this host needs to be reachable from the internet: the client polls the provider.
 */
export class ConnectCommand implements ISlashCommand {
  command = 'connect';
  i18nParamsExample = '';
  i18nDescription = 'Connect your account without leaving the chat: you get a code to enter on the provider\'s site';
  providesPreview = false;

  constructor(private readonly app: DeviceBotApp) {}

  async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp): Promise<void> {
    const user = context.getSender();
    const { oauth } = this.app;
    // Start waiting first, so an approval that comes quickly is not missed.
    const waiting = oauth.waitForAccessToken(user, { timeoutMs: this.app.waitMs });
    const device = await oauth.startDeviceAuthorization(user, SCOPES);
    const minutes = Math.max(1, Math.round((device.expiresAt - Date.now()) / 60_000));
    const link = device.verificationUriComplete ?? device.verificationUri;
    await notifyUser(modify, user, `To connect, open ${link} and enter the code ${device.userCode} (valid for ${minutes} min).`);

    const outcome = await waiting;
    if (outcome.result) {
      const name = await whoIs(read, http, outcome.result);
      await notifyUser(modify, user, name ? `Connected as ${name}.` : 'Connected.');
    } else if (outcome.failure === 'denied') {
      await notifyUser(modify, user, 'You declined the connection. Nothing was stored.');
    } else if (outcome.failure === 'expired' || outcome.timedOut) {
      await notifyUser(modify, user, 'The code expired before it was used. Run /connect again.');
    } else {
      await notifyUser(modify, user, 'The connection failed. Run /connect again.');
    }
  }
}

/** `/whoami`: acts with the stored token (refreshed when it is about to expire). */
export class WhoAmICommand implements ISlashCommand {
  command = 'whoami';
  i18nParamsExample = '';
  i18nDescription = 'Who you are at the provider';
  providesPreview = false;

  constructor(private readonly app: DeviceBotApp) {}

  async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp): Promise<void> {
    const user = context.getSender();
    const token = await this.app.oauth.getAccessTokenForUser(user);
    const name = token ? await whoIs(read, http, token) : undefined;
    await notifyUser(modify, user, name ? `You are ${name}.` : 'You are not connected: run /connect.');
  }
}

/** `/disconnect`: revokes at the provider and forgets the token. */
export class DisconnectCommand implements ISlashCommand {
  command = 'disconnect';
  i18nParamsExample = '';
  i18nDescription = 'Disconnect your account';
  providesPreview = false;

  constructor(private readonly app: DeviceBotApp) {}

  async executor(context: SlashCommandContext, _read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
    const user = context.getSender();
    const revoked = await this.app.oauth.revokeUserAccessToken(user, persis);
    await notifyUser(modify, user, revoked ? 'Disconnected.' : 'You were not connected.');
  }
}
