import {
    IAppAccessors,
    IConfigurationExtend,
    IEnvironmentRead,
    IHttp,
    ILogger,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { IAuthData, IOAuth2Client } from '@rocket.chat/apps-engine/definition/oauth2/IOAuth2';
import { createOAuth2Client } from '@rocket.chat/apps-engine/definition/oauth2/OAuth2';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import {
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
    UIKitBlockInteractionContext,
    UIKitViewCloseInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ExampleCommand } from './src/commands/ExampleCommand';
import { reminderProcessor } from './src/jobs/reminder';
import { ACTIONS, ALIAS, VIEWS } from './src/lib/constants';
import { providerEndpoints } from './src/lib/endpoints';
import { sendDirect } from './src/lib/messages';
import { preferencesModal, readPreference, savePreference } from './src/lib/preferences';

export class ExampleApp extends App {
    public oauth!: IOAuth2Client;
    /** Where `/example whoami` asks who the token belongs to. */
    public userInfoUri = '';

    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    public async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, _http: IHttp, persistence: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        const { actionId, user } = context.getInteractionData();
        const responder = context.getInteractionResponder();
        if (actionId === ACTIONS.preferences) {
            return responder.openModalViewResponse(preferencesModal(modify, await readPreference(read, user)));
        }
        if (actionId === ACTIONS.dismiss) {
            await sendDirect(read, modify, user, 'Dismissed.');
            return responder.successResponse();
        }
        return responder.errorResponse();
    }

    public async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext, read: IRead, _http: IHttp, persistence: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        const { view, user } = context.getInteractionData();
        const responder = context.getInteractionResponder();
        if (view.id !== VIEWS.preferences) {
            return responder.errorResponse();
        }
        const state = view.state as { [block: string]: { [action: string]: string } } | undefined;
        const colour = (state && state.colour && state.colour.value || '').trim();
        if (!colour) {
            return responder.viewErrorResponse({ viewId: view.id, errors: { colour: 'Pick a colour' } });
        }
        await savePreference(persistence, user, colour);
        await sendDirect(read, modify, user, `Saved: your colour is ${colour}.`);
        return responder.successResponse();
    }

    public async executeViewClosedHandler(context: UIKitViewCloseInteractionContext, read: IRead, _http: IHttp, _persistence: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        const { user } = context.getInteractionData();
        await sendDirect(read, modify, user, 'Preferences closed without saving.');
        return context.getInteractionResponder().successResponse();
    }

    public async executeActionButtonHandler(context: UIKitActionButtonInteractionContext, read: IRead, _http: IHttp, _persistence: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        const { actionId, user, message } = context.getInteractionData();
        if (actionId === ACTIONS.count) {
            const words = (message && message.text || '').split(/\s+/).filter(Boolean).length;
            await sendDirect(read, modify, user, `That message has ${words} word(s).`);
        }
        return context.getInteractionResponder().successResponse();
    }

    protected async extendConfiguration(configuration: IConfigurationExtend, environmentRead: IEnvironmentRead): Promise<void> {
        const { userInfoUri, ...endpoints } = await providerEndpoints(environmentRead);
        this.userInfoUri = userInfoUri;
        this.oauth = createOAuth2Client(this, {
            alias: ALIAS,
            ...endpoints,
            defaultScopes: ['openid', 'profile'],
            authorizationCallback: this.authorized.bind(this),
        });
        await this.oauth.setup(configuration);
        await configuration.slashCommands.provideSlashCommand(new ExampleCommand(this));
        await configuration.scheduler.registerProcessors([reminderProcessor]);
        configuration.ui.registerButton({ actionId: ACTIONS.count, context: UIActionButtonContext.MESSAGE_ACTION, labelI18n: 'example_count_words' });
    }

    private async authorized(token: IAuthData | undefined, user: IUser, read: IRead, modify: IModify): Promise<{ responseContent?: string } | undefined> {
        if (!token) {
            await sendDirect(read, modify, user, 'Authorization was not granted.');
            return undefined;
        }
        const blocks = modify.getCreator().getBlockBuilder();
        blocks.addSectionBlock({ text: blocks.newMarkdownTextObject('*Connected.* Try `/example whoami`.') });
        blocks.addActionsBlock({
            blockId: 'connected',
            elements: [
                blocks.newButtonElement({ actionId: ACTIONS.preferences, text: blocks.newPlainTextObject('Preferences') }),
                blocks.newButtonElement({ actionId: ACTIONS.dismiss, text: blocks.newPlainTextObject('Dismiss') }),
            ],
        });
        await sendDirect(read, modify, user, 'Connected.', blocks);
        return undefined;
    }
}
