import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { ExampleApp } from '../../ExampleApp';
import { REMINDER_JOB } from '../lib/constants';
import { sendDirect } from '../lib/messages';

const USAGE = 'Usage: /example connect | whoami | remind <seconds> <text> | disconnect';

export class ExampleCommand implements ISlashCommand {
    public command = 'example';
    public i18nParamsExample = 'connect | whoami | remind <seconds> <text> | disconnect';
    public i18nDescription = 'Connect an account, ask who you are, set a reminder';
    public providesPreview = false;

    constructor(private readonly app: ExampleApp) {}

    public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persistence: IPersistence): Promise<void> {
        const [subcommand, ...rest] = context.getArguments();
        const user = context.getSender();
        switch (subcommand) {
            case 'connect':
                return this.connect(read, modify, user);
            case 'whoami':
                return this.whoami(read, modify, http, user);
            case 'remind':
                return this.remind(read, modify, user, rest);
            case 'disconnect':
                return this.disconnect(read, modify, persistence, user);
            default:
                await sendDirect(read, modify, user, USAGE);
        }
    }

    private async connect(read: IRead, modify: IModify, user: IUser): Promise<void> {
        const url = await this.app.oauth.getUserAuthorizationUrl(user);
        const blocks = modify.getCreator().getBlockBuilder();
        blocks.addSectionBlock({ text: blocks.newMarkdownTextObject('Connect your account to continue.') });
        blocks.addActionsBlock({
            blockId: 'connect',
            elements: [blocks.newButtonElement({ actionId: 'example-connect', text: blocks.newPlainTextObject('Connect'), url: url.toString() })],
        });
        await sendDirect(read, modify, user, `Please authorize via OAuth at: ${url.toString()}`, blocks);
    }

    private async whoami(read: IRead, modify: IModify, http: IHttp, user: IUser): Promise<void> {
        const token = await this.app.oauth.getAccessTokenForUser(user);
        if (!token) {
            await sendDirect(read, modify, user, 'Not connected yet: run /example connect.');
            return;
        }
        const response = await http.get(this.app.userInfoUri, { headers: { Authorization: `Bearer ${token.token}` } });
        const data = response.data || {};
        await sendDirect(read, modify, user, response.statusCode === 200 ? `You are ${data.name || data.sub}.` : `The provider answered ${response.statusCode}.`);
    }

    private async remind(read: IRead, modify: IModify, user: IUser, rest: string[]): Promise<void> {
        const [seconds, ...words] = rest;
        const delay = Number(seconds);
        if (!Number.isInteger(delay) || delay <= 0 || words.length === 0) {
            await sendDirect(read, modify, user, USAGE);
            return;
        }
        await modify.getScheduler().scheduleOnce({ id: REMINDER_JOB, when: `${delay} seconds`, data: { userId: user.id, text: words.join(' ') } });
        await sendDirect(read, modify, user, `I will remind you in ${delay} second(s).`);
    }

    private async disconnect(read: IRead, modify: IModify, persistence: IPersistence, user: IUser): Promise<void> {
        const revoked = await this.app.oauth.revokeUserAccessToken(user, persistence);
        await sendDirect(read, modify, user, revoked ? 'Disconnected.' : 'There was nothing to disconnect.');
    }
}
