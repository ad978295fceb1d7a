import { notifyUser, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type SlashCommandContext } from '@plugboard/apps-engine';
import type { IOAuth2Client } from '@plugboard/oauth2';

/** `/connect`: posts a fresh single-use authorization link to the user who asked. */
export class ConnectCommand implements ISlashCommand {
  command = 'connect';
  i18nParamsExample = '';
  i18nDescription = 'Connect your account on the authorization server';
  providesPreview = false;

  constructor(private readonly oauth: () => IOAuth2Client) {}

  async executor(context: SlashCommandContext, _read: IRead, modify: IModify, _http: IHttp, _persis: IPersistence): Promise<void> {
    const user = context.getSender();
    const url = await this.oauth().getUserAuthorizationUrl(user);
    // The link is bound to this user by its state: only shown to them, never posted in the room.
    await notifyUser(modify, user, `[Connect your account](${url.href}) (the link works once, for 10 minutes)`);
  }
}
