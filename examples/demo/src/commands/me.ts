import { notifyUser, type IHttp, type IModify, type IPersistence, type IRead, type ISlashCommand, type SlashCommandContext } from '@plugboard/apps-engine';
import type { IOAuth2Client } from '@plugboard/oauth2';
import { fetchUserInfo, UserInfoError } from '../userinfo.ts';

/** `/me`: asks the authorization server who the user's token belongs to. */
export class MeCommand implements ISlashCommand {
  command = 'me';
  i18nParamsExample = '';
  i18nDescription = 'Show who you are on the authorization server';
  providesPreview = false;

  constructor(
    private readonly oauth: () => IOAuth2Client,
    private readonly issuer: () => string,
  ) {}

  async executor(context: SlashCommandContext, _read: IRead, modify: IModify, http: IHttp, _persis: IPersistence): Promise<void> {
    const user = context.getSender();
    const auth = await this.oauth().getAccessTokenForUser(user);
    if (auth === undefined) {
      await notifyUser(modify, user, 'You are not connected. Run /connect first.');
      return;
    }
    try {
      const info = await fetchUserInfo(http, this.issuer(), auth.token);
      const name = info.name ?? info.preferred_username ?? info.sub;
      const email = info.email === undefined ? '' : ` <${info.email}>`;
      await notifyUser(modify, user, `You are ${name}${email} (subject ${info.sub}).`);
    } catch (error) {
      if (error instanceof UserInfoError && error.status === 401) {
        await notifyUser(modify, user, 'The authorization server no longer accepts your token. Run /connect again.');
        return;
      }
      throw error;
    }
  }
}
