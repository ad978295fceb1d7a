// A Rocket.Chat app written only against the official definitions (through our re-export): a
// command and an endpoint post a question with buttons; buttons open a modal through the UI
// controller or through the responder; the modal's submit checks the answer; action buttons.
import {
  App,
  ApiSecurity,
  ApiVisibility,
  HttpStatusCode,
  MessageActionContext,
  RoomTypeFilter,
  UIActionButtonContext,
  type IApiEndpoint,
  type IApiRequest,
  type IConfigurationExtend,
  type IHttp,
  type IModify,
  type IPersistence,
  type IRead,
  type IRoom,
  type IUIKitInteractionHandler,
  type IUIKitModalViewParam,
  type IUIKitResponse,
  type IUser,
  type SlashCommandContext,
  type UIKitActionButtonInteractionContext,
  type UIKitBlockInteractionContext,
  type UIKitViewCloseInteractionContext,
  type UIKitViewSubmitInteractionContext,
} from '../../src/definition/index.ts';

export type SeenContext = UIKitBlockInteractionContext | UIKitViewSubmitInteractionContext | UIKitViewCloseInteractionContext | UIKitActionButtonInteractionContext;

export const MODAL_ID = 'ask-modal';

/** The question's blocks, built with the official BlockBuilder (it stamps the app id on each block). */
async function postQuestion(modify: IModify, room: IRoom, sender: IUser): Promise<string> {
  const blocks = modify.getCreator().getBlockBuilder();
  blocks.addSectionBlock({ text: blocks.newMarkdownTextObject('*What do you think?*') });
  blocks.addActionsBlock({
    blockId: 'ask-actions',
    elements: [
      blocks.newButtonElement({ actionId: 'open-controller', text: blocks.newPlainTextObject('Answer'), value: 'v1' }),
      blocks.newButtonElement({ actionId: 'open-responder', text: blocks.newPlainTextObject('Answer (responder)'), value: 'v2' }),
      blocks.newButtonElement({ actionId: 'open-both', text: blocks.newPlainTextObject('Both') }),
      blocks.newStaticSelectElement({
        actionId: 'pick',
        placeholder: blocks.newPlainTextObject('Pick'),
        options: [
          { text: blocks.newPlainTextObject('A'), value: 'a' },
          { text: blocks.newPlainTextObject('B'), value: 'b' },
        ],
      }),
    ],
  });
  const message = modify.getCreator().startMessage().setRoom(room).setSender(sender).setText('Question').setBlocks(blocks);
  return modify.getCreator().finish(message);
}

export function questionModal(modify: IModify, title = 'Your answer'): IUIKitModalViewParam {
  const blocks = modify.getCreator().getBlockBuilder();
  blocks.addInputBlock({
    blockId: 'answer-block',
    label: blocks.newPlainTextObject('Answer'),
    element: blocks.newPlainTextInputElement({ actionId: 'answer', placeholder: blocks.newPlainTextObject('...'), initialValue: 'draft' }),
  });
  blocks.addActionsBlock({
    blockId: 'modal-actions',
    elements: [blocks.newButtonElement({ actionId: 'shout', text: blocks.newPlainTextObject('Shout') })],
  });
  return {
    id: MODAL_ID,
    title: blocks.newPlainTextObject(title),
    blocks: blocks.getBlocks(),
    submit: blocks.newButtonElement({ actionId: 'submit', text: blocks.newPlainTextObject('Send') }),
    close: blocks.newButtonElement({ actionId: 'cancel', text: blocks.newPlainTextObject('Cancel') }),
    notifyOnClose: true,
  };
}

export class PollApp extends App implements IUIKitInteractionHandler {
  /** Every context a handler received, in order. */
  readonly seen: SeenContext[] = [];
  /** Makes the next handler call throw. */
  failNext = false;

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await configuration.slashCommands.provideSlashCommand({
      command: 'ask',
      i18nParamsExample: '',
      i18nDescription: 'Ask a question',
      providesPreview: false,
      executor: async (context: SlashCommandContext, read: IRead, modify: IModify) => {
        if (context.getArguments()[0] === 'modal') {
          await modify.getUiController().openModalView(questionModal(modify, 'From a command'), { triggerId: context.getTriggerId() as string }, context.getSender());
          return;
        }
        const bot = (await read.getUserReader().getAppUser()) as IUser;
        await postQuestion(modify, context.getRoom(), bot);
      },
    });
    const ask: IApiEndpoint = {
      path: 'ask',
      post: async (request: IApiRequest, _endpoint, read: IRead, modify: IModify) => {
        const room = (await read.getRoomReader().getByName(String(request.content?.room))) as IRoom;
        const bot = (await read.getUserReader().getAppUser()) as IUser;
        return { status: HttpStatusCode.OK, content: { messageId: await postQuestion(modify, room, bot) } };
      },
    };
    await configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints: [ask] });
    configuration.ui.registerButton({ actionId: 'summarize', labelI18n: 'summarize', context: UIActionButtonContext.MESSAGE_ACTION, when: { messageActionContext: [MessageActionContext.MESSAGE] } });
    configuration.ui.registerButton({ actionId: 'room-info', labelI18n: 'room_info', context: UIActionButtonContext.ROOM_ACTION, when: { roomTypes: [RoomTypeFilter.PUBLIC_CHANNEL, RoomTypeFilter.PRIVATE_CHANNEL] } });
    configuration.ui.registerButton({ actionId: 'insert', labelI18n: 'insert', context: UIActionButtonContext.MESSAGE_BOX_ACTION });
    configuration.ui.registerButton({ actionId: 'prefs', labelI18n: 'prefs', context: UIActionButtonContext.USER_DROPDOWN_ACTION, when: { hasOneRole: ['admin'] } });
  }

  async executeBlockActionHandler(context: UIKitBlockInteractionContext, _read: IRead, _http: IHttp, _persistence: IPersistence, modify: IModify): Promise<IUIKitResponse> {
    this.record(context);
    const { actionId, triggerId, user } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    switch (actionId) {
      case 'open-controller':
        await modify.getUiController().openModalView(questionModal(modify), { triggerId }, user);
        return responder.successResponse();
      case 'open-responder':
        return responder.openModalViewResponse(questionModal(modify));
      case 'open-both':
        await modify.getUiController().openModalView(questionModal(modify, 'controller'), { triggerId }, user);
        return responder.openModalViewResponse({ ...questionModal(modify, 'responder'), id: 'second-modal' });
      case 'shout':
        await modify.getUiController().updateModalView(questionModal(modify, 'LOUD'), { triggerId }, user);
        return responder.successResponse();
      default:
        return responder.successResponse();
    }
  }

  async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext, _read: IRead, _http: IHttp, _persistence: IPersistence, modify: IModify): Promise<IUIKitResponse> {
    this.record(context);
    const { view, room } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    const answer = (view.state as Record<string, Record<string, string>> | undefined)?.['answer-block']?.answer ?? '';
    if (answer === '' || answer === 'bad') {
      return responder.viewErrorResponse({ viewId: view.id, errors: { 'answer-block': 'Say something else' } });
    }
    if (answer === 'again') {
      return responder.updateModalViewResponse({ ...questionModal(modify, 'Once more'), id: view.id });
    }
    if (answer === 'refuse') {
      return responder.errorResponse();
    }
    if (room) {
      const bot = (await _read.getUserReader().getAppUser()) as IUser;
      await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(room).setSender(bot).setText(`answer: ${answer}`));
    }
    return responder.successResponse();
  }

  async executeViewClosedHandler(context: UIKitViewCloseInteractionContext): Promise<IUIKitResponse> {
    this.record(context);
    return context.getInteractionResponder().successResponse();
  }

  async executeActionButtonHandler(context: UIKitActionButtonInteractionContext, _read: IRead, _http: IHttp, _persistence: IPersistence, modify: IModify): Promise<IUIKitResponse> {
    this.record(context);
    const { actionId, room } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    if (actionId === 'room-info') {
      const blocks = modify.getCreator().getBlockBuilder();
      blocks.addSectionBlock({ text: blocks.newPlainTextObject(`Room ${room.slugifiedName}`) });
      return responder.openContextualBarViewResponse({ id: 'room-info-bar', title: blocks.newPlainTextObject('Room'), blocks: blocks.getBlocks() });
    }
    return responder.successResponse();
  }

  private record(context: SeenContext): void {
    this.seen.push(context);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('handler exploded');
    }
  }
}
