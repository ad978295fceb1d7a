import { notifyUser, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type SlashCommandContext } from '@plugboard/apps-engine';
import type { IOAuth2Client } from '@plugboard/oauth2';

/** `/disconnect`: revokes the user's tokens at the server (RFC 7009) and forgets them. */
export class DisconnectCommand implements ISlashCommand {
  command = 'disconnect';
  i18nParamsExample = '';
  i18nDescription = 'Revoke and forget your connection';
  providesPreview = false;

  constructor(private readonly oauth: () => IOAuth2Client) {}

  async executor(context: SlashCommandContext, _read: IRead, modify: IModify, _http: IHttp, persis: IPersistence): Promise<void> {
    const user = context.getSender();
    const revoked = await this.oauth().revokeUserAccessToken(user, persis);
    await notifyUser(modify, user, revoked ? 'Disconnected: your tokens were revoked.' : 'You were not connected.');
  }
}
