import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import { AppMethod } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import { RoomType, type IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui/index.js';
import {
  UIKitActionButtonInteractionContext,
  UIKitBlockInteractionContext,
  UIKitInteractionType,
  UIKitViewCloseInteractionContext,
  UIKitViewSubmitInteractionContext,
  type IUIKitResponse,
} from '@rocket.chat/apps-engine/definition/uikit/index.js';
import { UIKitIncomingInteractionContainerType } from '@rocket.chat/apps-engine/definition/uikit/UIKitIncomingInteractionContainer.js';
import type {
  IUIKitActionButtonIncomingInteraction,
  IUIKitActionButtonMessageBoxIncomingInteraction,
  IUIKitBlockIncomingInteraction,
  IUIKitViewCloseIncomingInteraction,
  IUIKitViewSubmitIncomingInteraction,
} from '@rocket.chat/apps-engine/definition/uikit/UIKitIncomingInteractionTypes.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import type { IPlugboardInteractionHandler } from '../../definition/extensions/interactions.ts';
import type { InstalledApp } from '../apps/InstalledApp.ts';
import type { Chat } from '../chat/Chat.ts';
import type { MessageEvent } from '../chat/MessageLog.ts';
import { HostError } from '../errors.ts';
import { isShown, roomTypeFilters } from './actionButtons.ts';
import type { ActionButtonInteraction, BlockActionInteraction, Interaction, InteractionResult, ViewClosedInteraction, ViewSubmitInteraction } from './Interaction.ts';
import { DEFAULT_BLOCK, findElement, holdsValue, isRecord, type ViewState } from './interactiveElements.ts';
import type { Trigger } from './TriggerRegistry.ts';
import { droppedReason, wireCopy, type OpenView, type ServerInteraction, type ViewStore } from './ViewStore.ts';

/** What the dispatcher reads from the host. */
export interface InteractionHost {
  apps(): Iterable<InstalledApp>;
  readonly chat: Chat;
  readonly views: ViewStore;
  /** The host's message log (`host.messages`): ephemeral messages live only there. */
  messages(): readonly MessageEvent[];
}

type UIKitMethod = AppMethod.UIKIT_BLOCK_ACTION | AppMethod.UIKIT_VIEW_SUBMIT | AppMethod.UIKIT_VIEW_CLOSE | AppMethod.UIKIT_ACTION_BUTTON;
type Context = UIKitBlockInteractionContext | UIKitViewSubmitInteractionContext | UIKitViewCloseInteractionContext | UIKitActionButtonInteractionContext;
type Handler = (context: Context, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify) => Promise<IUIKitResponse>;

/** One interaction, resolved: which app's handler runs, with which official context. */
interface Dispatch {
  installed: InstalledApp;
  user: IUser;
  trigger: Trigger;
  method: UIKitMethod;
  context: Context;
  /** What the client does with the view once the app answered (never when the handler threw). */
  afterResponse?: (response: IUIKitResponse | undefined) => void;
  /** The id a library's interaction handler claims by prefix: a block action's action id, a view's id. */
  routedBy?: string;
}

/** A message a user can see: stored in a room, or an ephemeral one shown to them. */
interface SeenMessage {
  id: string;
  room: IRoom;
  blocks: unknown;
  /** The app that sent it. */
  appId: string | undefined;
  /** The stored message; none for an ephemeral one (Rocket.Chat's server finds none either). */
  message: IMessage | undefined;
}

/** Responses after which Rocket.Chat's client keeps a submitted view open. */
const KEEP_SUBMITTED_VIEW = new Set<string>([UIKitInteractionType.ERRORS, UIKitInteractionType.MODAL_UPDATE, UIKitInteractionType.CONTEXTUAL_BAR_UPDATE]);

/**
 * Delivers interactions to apps as Rocket.Chat does: the handler of `IUIKitInteractionHandler`
 * with the official context class, then the response applied to the user's views the way
 * Rocket.Chat's client applies it (`ActionManager.emitInteraction`).
 */
export class InteractionDispatcher {
  constructor(private readonly host: InteractionHost) {}

  async interact(interaction: Interaction): Promise<InteractionResult> {
    const type: unknown = isRecord(interaction) ? interaction.type : undefined;
    switch (type) {
      case 'blockAction':
        return this.run(await this.blockAction(interaction as BlockActionInteraction));
      case 'viewSubmit':
        return this.run(await this.viewSubmit(interaction as ViewSubmitInteraction));
      case 'viewClosed':
        return this.run(await this.viewClosed(interaction as ViewClosedInteraction));
      case 'actionButton':
        return this.run(await this.actionButton(interaction as ActionButtonInteraction));
      default:
        throw invalid(`Unknown interaction type ${quote(type)}: expected "blockAction", "viewSubmit", "viewClosed" or "actionButton"`);
    }
  }

  private async blockAction(input: BlockActionInteraction): Promise<Dispatch> {
    const user = await this.user(input.userId);
    const actionId = requireText(input.actionId, 'actionId');
    const blockId = optionalText(input.blockId, 'blockId');
    const viewId = optionalText(input.viewId, 'viewId');
    const messageId = optionalText(input.messageId, 'messageId');
    const roomId = optionalText(input.roomId, 'roomId');
    if (viewId !== undefined && messageId !== undefined) {
      throw invalid('A block action happens in a message or in a view: give messageId or viewId, not both');
    }
    if (viewId !== undefined) {
      return this.viewBlockAction(input, user, this.openView(user, viewId), actionId, blockId, roomId);
    }
    const seen = messageId === undefined ? await this.newestMessageWith(user, actionId, blockId) : await this.messageSeenBy(user, messageId);
    const element = findElement(seen.blocks, actionId, blockId);
    if (!element) {
      throw new HostError('action_not_found', `Message "${seen.id}" has no element with action id "${actionId}"${inBlock(blockId)}`);
    }
    if (roomId !== undefined && roomId !== seen.room.id) {
      throw invalid(`Message "${seen.id}" is in room "${seen.room.id}", not "${roomId}"`);
    }
    const installed = this.owner(element.appId ?? seen.appId, optionalText(input.appId, 'appId'), actionId);
    const trigger = this.issue(input.triggerId, installed, user, seen.room.id);
    const value = input.value === undefined ? element.element.value : input.value;
    const data: IUIKitBlockIncomingInteraction = {
      appId: installed.info.id,
      actionId,
      blockId: element.blockId ?? '',
      user,
      room: seen.room,
      triggerId: trigger.id,
      container: { type: UIKitIncomingInteractionContainerType.MESSAGE, id: seen.id },
      ...(value === undefined ? {} : { value: value as string }),
      ...(seen.message ? { message: seen.message } : {}),
    };
    return { installed, user, trigger, method: AppMethod.UIKIT_BLOCK_ACTION, context: new UIKitBlockInteractionContext(data), routedBy: actionId };
  }

  private async viewBlockAction(input: BlockActionInteraction, user: IUser, open: OpenView, actionId: string, blockId: string | undefined, roomId: string | undefined): Promise<Dispatch> {
    const element = findElement(open.view.blocks, actionId, blockId);
    if (!element) {
      throw new HostError('action_not_found', `View "${open.view.id}" has no element with action id "${actionId}"${inBlock(blockId)}`);
    }
    const installed = this.owner(element.appId ?? open.appId, optionalText(input.appId, 'appId'), actionId);
    const room = roomId === undefined ? undefined : await this.room(user, roomId);
    if (input.value !== undefined && holdsValue(element)) {
      this.host.views.setValues(user.id, open.view.id, { [element.blockId ?? DEFAULT_BLOCK]: { [actionId]: input.value } });
    }
    const trigger = this.issue(input.triggerId, installed, user, room?.id ?? open.roomId);
    const value = input.value === undefined ? element.element.value : input.value;
    const data: IUIKitBlockIncomingInteraction = {
      appId: installed.info.id,
      actionId,
      blockId: element.blockId ?? '',
      user,
      room,
      triggerId: trigger.id,
      container: { type: UIKitIncomingInteractionContainerType.VIEW, id: open.view.id },
      ...(value === undefined ? {} : { value: value as string }),
    };
    return { installed, user, trigger, method: AppMethod.UIKIT_BLOCK_ACTION, context: new UIKitBlockInteractionContext(data), routedBy: actionId };
  }

  private async viewSubmit(input: ViewSubmitInteraction): Promise<Dispatch> {
    const user = await this.user(input.userId);
    const open = this.openView(user, requireText(input.viewId, 'viewId'));
    const installed = this.app(open.appId);
    const state = this.enter(user, open, input.state);
    const roomId = optionalText(input.roomId, 'roomId');
    const room = roomId === undefined ? undefined : await this.room(user, roomId);
    const trigger = this.issue(input.triggerId, installed, user, room?.id ?? open.roomId);
    const data: IUIKitViewSubmitIncomingInteraction = {
      appId: installed.info.id,
      user,
      triggerId: trigger.id,
      view: wireCopy({ ...open.view, state }),
      ...(room ? { room } : {}),
    };
    const viewId = open.view.id;
    return {
      installed,
      user,
      trigger,
      method: AppMethod.UIKIT_VIEW_SUBMIT,
      context: new UIKitViewSubmitInteractionContext(data),
      routedBy: viewId,
      // The client closes the submitted view unless the app answered with errors or an update.
      afterResponse: (response) => {
        if (response && !KEEP_SUBMITTED_VIEW.has(responseType(response) ?? '')) {
          this.host.views.close(user.id, viewId);
        }
      },
    };
  }

  private async viewClosed(input: ViewClosedInteraction): Promise<Dispatch> {
    const user = await this.user(input.userId);
    const open = this.openView(user, requireText(input.viewId, 'viewId'));
    if (input.isCleared !== undefined && typeof input.isCleared !== 'boolean') {
      throw invalid('isCleared must be a boolean');
    }
    const installed = this.app(open.appId);
    const state = this.enter(user, open, input.state);
    // The client makes a trigger id for a close too, but Rocket.Chat does not pass it to the app.
    const trigger = this.issue(input.triggerId, installed, user, open.roomId);
    const data: IUIKitViewCloseIncomingInteraction = {
      appId: installed.info.id,
      user,
      view: wireCopy({ ...open.view, state }),
      isCleared: input.isCleared === true,
    };
    const viewId = open.view.id;
    return {
      installed,
      user,
      trigger,
      method: AppMethod.UIKIT_VIEW_CLOSE,
      context: new UIKitViewCloseInteractionContext(data),
      routedBy: viewId,
      afterResponse: (response) => {
        if (response && responseType(response) !== UIKitInteractionType.ERRORS) {
          this.host.views.close(user.id, viewId);
        }
      },
    };
  }

  private async actionButton(input: ActionButtonInteraction): Promise<Dispatch> {
    const user = await this.user(input.userId);
    const actionId = requireText(input.actionId, 'actionId');
    const appId = optionalText(input.appId, 'appId');
    const roomId = optionalText(input.roomId, 'roomId');
    const messageId = optionalText(input.messageId, 'messageId');
    const threadId = optionalText(input.threadId, 'threadId');
    if (input.text !== undefined && typeof input.text !== 'string') {
      throw invalid('text must be a string');
    }
    if (appId !== undefined) {
      this.app(appId);
    }
    const found = [...this.host.apps()].flatMap((installed) =>
      appId !== undefined && installed.info.id !== appId ? [] : installed.buttons.filter((button) => button.actionId === actionId).slice(-1).map((button) => ({ installed, button })),
    );
    const [match, ...others] = found;
    if (!match) {
      throw new HostError('action_not_found', `No action button "${actionId}" is registered${appId === undefined ? '' : ` by app "${appId}"`}`);
    }
    if (others.length > 0) {
      throw invalid(`Apps ${found.map(({ installed }) => `"${installed.info.id}"`).join(', ')} each register an action button "${actionId}": pass appId`);
    }
    const { installed, button } = match;
    let room: IRoom | undefined;
    let message: IMessage | undefined;
    if (button.context === UIActionButtonContext.MESSAGE_ACTION) {
      if (messageId === undefined) throw invalid(`Action button "${actionId}" is a message action: pass messageId`);
      const seen = await this.messageSeenBy(user, messageId);
      room = seen.room;
      message = seen.message;
    } else if (button.context !== UIActionButtonContext.USER_DROPDOWN_ACTION) {
      if (roomId === undefined) throw invalid(`Action button "${actionId}" is a ${button.context}: pass roomId`);
      room = await this.room(user, roomId);
    }
    if (!isShown(button, { ...(room ? { room } : {}), user })) {
      const where = room ? ` in room "${room.id}" (a ${roomTypeFilters(room).join(' / ')} room)` : '';
      throw invalid(`Action button "${actionId}" of app "${installed.info.id}" is not shown to user "${user.id}"${where}: see its "when"`);
    }
    const trigger = this.issue(input.triggerId, installed, user, room?.id);
    const data: IUIKitActionButtonIncomingInteraction | IUIKitActionButtonMessageBoxIncomingInteraction = {
      appId: installed.info.id,
      actionId,
      triggerId: trigger.id,
      buttonContext: button.context,
      room: room as IRoom, // none for a user dropdown button, as on Rocket.Chat
      user,
      ...(message ? { message } : {}),
      ...(button.context === UIActionButtonContext.MESSAGE_BOX_ACTION
        ? { ...(threadId === undefined ? {} : { threadId }), ...(input.text === undefined ? {} : { text: input.text }) }
        : {}),
    };
    return { installed, user, trigger, method: AppMethod.UIKIT_ACTION_BUTTON, context: new UIKitActionButtonInteractionContext(data) };
  }

  /** Runs the app's handler (or a library's, for an id with its prefix), then applies its response to the user's views. */
  private async run(dispatch: Dispatch): Promise<InteractionResult> {
    const { installed, user, method } = dispatch;
    const owner: object = libraryHandlerFor(installed, method, dispatch.routedBy) ?? installed.app;
    const handler = (owner as Partial<Record<UIKitMethod, Handler>>)[method];
    let response: IUIKitResponse | undefined;
    if (typeof handler === 'function') {
      try {
        response = await handler.call(owner, dispatch.context, installed.read, installed.http, installed.persistence, installed.modify);
      } catch (error) {
        installed.logger.error(`${method} failed:`, error);
        throw new HostError('interaction_failed', `${method} of app "${installed.info.id}" failed`, { cause: error });
      }
    } else if (method === AppMethod.UIKIT_VIEW_CLOSE) {
      response = { success: true }; // Rocket.Chat's answer for an app without a close handler
    } else {
      installed.logger.warn(`The app has no ${method}: the interaction is ignored`);
    }
    if (responseType(response) !== undefined) {
      const interaction = response as unknown as ServerInteraction;
      const dropped = droppedReason(this.host.views.receive(user.id, interaction), interaction, user.id);
      if (dropped) installed.logger.warn(`The response of ${method} is not applied: ${dropped}`);
    }
    dispatch.afterResponse?.(response);
    return { appId: installed.info.id, triggerId: dispatch.trigger.id, response, views: structuredClone([...this.host.views.of(user.id)]) };
  }

  /** The values the user submits: what the view holds, with `entered` over it (checked, then kept in the view). */
  private enter(user: IUser, open: OpenView, entered: unknown): ViewState {
    if (entered !== undefined) {
      if (!isRecord(entered)) throw invalid('state must be an object: block id -> action id -> value');
      for (const [blockId, values] of Object.entries(entered)) {
        if (!isRecord(values)) throw invalid(`state["${blockId}"] must be an object: action id -> value`);
        for (const actionId of Object.keys(values)) {
          const element = findElement(open.view.blocks, actionId, blockId === DEFAULT_BLOCK ? undefined : blockId);
          if (!element || !holdsValue(element)) {
            throw invalid(`View "${open.view.id}" has no input "${actionId}" in block "${blockId}"`);
          }
        }
      }
      this.host.views.setValues(user.id, open.view.id, entered as ViewState);
    }
    return open.state;
  }

  private async user(userId: unknown): Promise<IUser> {
    return this.host.chat.users.require(requireText(userId, 'userId'));
  }

  private app(appId: string): InstalledApp {
    const installed = [...this.host.apps()].find((candidate) => candidate.info.id === appId);
    if (!installed) {
      throw new HostError('app_not_found', `No app "${appId}" is installed`);
    }
    return installed;
  }

  /** The app an element belongs to: the one it names, else the one the caller names. */
  private owner(named: string | undefined, requested: string | undefined, actionId: string): InstalledApp {
    if (named !== undefined && requested !== undefined && named !== requested) {
      throw invalid(`The element "${actionId}" belongs to app "${named}", not "${requested}"`);
    }
    const appId = named ?? requested;
    if (appId === undefined) {
      throw invalid(`The element "${actionId}" names no app: pass appId`);
    }
    return this.app(appId);
  }

  private openView(user: IUser, viewId: string): OpenView {
    const open = this.host.views.get(user.id, viewId);
    if (!open) {
      throw new HostError('view_not_found', `User "${user.id}" has no view "${viewId}" open`);
    }
    return open;
  }

  private async room(user: IUser, roomId: string): Promise<IRoom> {
    const room = await this.host.chat.rooms.getById(roomId);
    if (!room) {
      throw new HostError('room_not_found', `No room "${roomId}"`);
    }
    if (!sees(user, room)) {
      throw invalid(`User "${user.id}" is not in room "${roomId}"`);
    }
    return room;
  }

  private async messageSeenBy(user: IUser, messageId: string): Promise<SeenMessage> {
    const record = await this.host.chat.messages.getRecord(messageId);
    if (record) {
      const message = await this.host.chat.messages.toMessage(record);
      if (!sees(user, message.room)) {
        throw invalid(`User "${user.id}" is not in room "${message.room.id}" of message "${messageId}"`);
      }
      return { id: messageId, room: message.room, blocks: message.blocks, appId: record.appId, message };
    }
    const ephemeral = this.host.messages().find((entry) => entry.id === messageId && entry.recipient?.id === user.id);
    if (ephemeral) {
      return { id: messageId, room: ephemeral.room, blocks: ephemeral.message.blocks, appId: ephemeral.appId, message: undefined };
    }
    throw new HostError('message_not_found', `User "${user.id}" has no message "${messageId}"`);
  }

  /** The newest message in the host's log the user sees with this element. */
  private async newestMessageWith(user: IUser, actionId: string, blockId: string | undefined): Promise<SeenMessage> {
    const entries = this.host.messages();
    for (let index = entries.length - 1; index >= 0; index--) {
      const entry = entries[index] as MessageEvent;
      const visible = entry.recipient ? entry.recipient.id === user.id : sees(user, entry.room);
      if (visible && findElement(entry.message.blocks, actionId, blockId)) {
        return this.messageSeenBy(user, entry.id);
      }
    }
    throw new HostError('action_not_found', `No message user "${user.id}" sees has an element with action id "${actionId}"${inBlock(blockId)}`);
  }

  private issue(triggerId: unknown, installed: InstalledApp, user: IUser, roomId: string | undefined): Trigger {
    return this.host.views.triggers.issue({ id: optionalText(triggerId, 'triggerId'), appId: installed.info.id, userId: user.id, roomId });
  }
}

/** The library handler whose prefix starts `id` and that handles `method`; the app's own handler otherwise. */
function libraryHandlerFor(installed: InstalledApp, method: UIKitMethod, id: string | undefined): IPlugboardInteractionHandler | undefined {
  if (id === undefined) return undefined;
  const handler = installed.interactionHandlers.find((candidate) => id.startsWith(candidate.prefix));
  return typeof handler?.[method as keyof IPlugboardInteractionHandler] === 'function' ? handler : undefined;
}

/** Whether a user sees a room's messages: a member, or anyone for a public channel. */
function sees(user: IUser, room: IRoom): boolean {
  return room.type === RoomType.CHANNEL || (room.userIds ?? []).includes(user.id) || (room.usernames ?? []).includes(user.username);
}

function responseType(response: IUIKitResponse | undefined): string | undefined {
  const type = isRecord(response) ? response.type : undefined;
  return typeof type === 'string' ? type : undefined;
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid(`${field} must be a non-empty string`);
  }
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireText(value, field);
}

function inBlock(blockId: string | undefined): string {
  return blockId === undefined ? '' : ` in block "${blockId}"`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value).slice(0, 40);
}

function invalid(message: string): HostError {
  return new HostError('invalid_interaction', message);
}
