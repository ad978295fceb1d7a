import type { IHttp, IMessageBuilder, IMessageExtender, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages/index.js';
import { RoomType, type IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { MessageBuilder } from '../accessors/modify/MessageBuilder.ts';
import { MessageExtender } from '../accessors/modify/Extender.ts';
import type { InstalledApp } from '../apps/InstalledApp.ts';
import type { Chat } from '../chat/Chat.ts';
import type { MessageEvent } from '../chat/MessageLog.ts';
import { appUserId } from '../users/appUser.ts';

/** A message a user types in a room (what a chat client sends). */
export interface UserMessage {
  userId: string;
  /** The room: a room, its id or its name. */
  room: IRoom | string;
  text: string;
  threadId?: string;
  attachments?: IMessageAttachment[];
}

/** Rocket.Chat's message listeners an app may implement (`IPreMessageSentPrevent`, ...), all optional. */
interface MessageListeners {
  checkPreMessageSentPrevent?(message: IMessage, read: IRead, http: IHttp): Promise<boolean>;
  executePreMessageSentPrevent?(message: IMessage, read: IRead, http: IHttp, persistence: IPersistence): Promise<boolean>;
  checkPreMessageSentExtend?(message: IMessage, read: IRead, http: IHttp): Promise<boolean>;
  executePreMessageSentExtend?(message: IMessage, extend: IMessageExtender, read: IRead, http: IHttp, persistence: IPersistence): Promise<IMessage>;
  checkPreMessageSentModify?(message: IMessage, read: IRead, http: IHttp): Promise<boolean>;
  executePreMessageSentModify?(message: IMessage, builder: IMessageBuilder, read: IRead, http: IHttp, persistence: IPersistence): Promise<IMessage>;
  checkPostMessageSent?(message: IMessage, read: IRead, http: IHttp): Promise<boolean>;
  executePostMessageSent?(message: IMessage, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<void>;
  executePostMessageSentToBot?(message: IMessage, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<void>;
}

/**
 * A user sends a message, through the apps' message listeners in Rocket.Chat's order: the first
 * `executePreMessageSentPrevent` that answers true stops it; each `executePreMessageSentExtend` adds
 * to it; each `executePreMessageSentModify` may replace it; then it is stored, and
 * `executePostMessageSentToBot` (a direct room with the app's bot, not sent by the bot) and
 * `executePostMessageSent` run. A listener's optional `check...` method is asked first. A listener
 * that throws is logged under its app and skipped. Resolves with the stored message, or
 * `undefined` when an app prevented it.
 */
export async function sendUserMessage(apps: readonly InstalledApp[], chat: Chat, input: UserMessage): Promise<MessageEvent | undefined> {
  const sender = await chat.users.require(input.userId);
  const room = await chat.findRoom(input.room);
  let message: IMessage = { room, sender, text: String(input.text ?? ''), ...(input.threadId ? { threadId: input.threadId } : {}), ...(input.attachments ? { attachments: input.attachments } : {}) };

  for (const installed of apps) {
    const app = listenersOf(installed);
    if (app.executePreMessageSentPrevent && (await asks(installed, 'checkPreMessageSentPrevent', () => app.checkPreMessageSentPrevent?.(message, installed.read, installed.http)))) {
      const prevented = await guarded(installed, 'executePreMessageSentPrevent', () => app.executePreMessageSentPrevent!(message, installed.read, installed.http, installed.persistence));
      if (prevented === true) {
        installed.logger.debug('prevented a message');
        return undefined;
      }
    }
  }
  for (const installed of apps) {
    const app = listenersOf(installed);
    if (app.executePreMessageSentExtend && (await asks(installed, 'checkPreMessageSentExtend', () => app.checkPreMessageSentExtend?.(message, installed.read, installed.http)))) {
      const extender = new MessageExtender({ ...message }, sender);
      const done = await guarded(installed, 'executePreMessageSentExtend', () => app.executePreMessageSentExtend!(message, extender, installed.read, installed.http, installed.persistence));
      if (done !== failed) message = { ...extender.getMessage(), room, sender };
    }
  }
  for (const installed of apps) {
    const app = listenersOf(installed);
    if (app.executePreMessageSentModify && (await asks(installed, 'checkPreMessageSentModify', () => app.checkPreMessageSentModify?.(message, installed.read, installed.http)))) {
      const builder = new MessageBuilder({ ...message });
      const modified = await guarded(installed, 'executePreMessageSentModify', () => app.executePreMessageSentModify!(message, builder, installed.read, installed.http, installed.persistence));
      if (modified !== failed) message = { ...(isObject(modified) ? modified : builder.getMessage()), room, sender };
    }
  }

  const stored = await chat.post(message);
  const event = chat.lastEvent(stored.id);
  for (const installed of apps) {
    const app = listenersOf(installed);
    if (app.executePostMessageSentToBot && isDirectWithBot(stored.room, installed.info.id) && stored.sender.id !== appUserId(installed.info.id)) {
      await guarded(installed, 'executePostMessageSentToBot', () => app.executePostMessageSentToBot!(stored, installed.read, installed.http, installed.persistence, installed.modify));
    }
  }
  for (const installed of apps) {
    const app = listenersOf(installed);
    if (app.executePostMessageSent && (await asks(installed, 'checkPostMessageSent', () => app.checkPostMessageSent?.(stored, installed.read, installed.http)))) {
      await guarded(installed, 'executePostMessageSent', () => app.executePostMessageSent!(stored, installed.read, installed.http, installed.persistence, installed.modify));
    }
  }
  return event;
}

const failed = Symbol('failed');

function listenersOf(installed: InstalledApp): MessageListeners {
  return installed.app as unknown as MessageListeners;
}

/** A `check...` method: absent means yes; one that throws means no. */
async function asks(installed: InstalledApp, name: string, check: () => Promise<boolean> | undefined): Promise<boolean> {
  const answer = await guarded(installed, name, async () => check());
  return answer === undefined || answer === true;
}

async function guarded<T>(installed: InstalledApp, name: string, run: () => Promise<T>): Promise<T | typeof failed> {
  try {
    return await run();
  } catch (error) {
    installed.logger.error(`${name} failed:`, error);
    return failed;
  }
}

function isDirectWithBot(room: IRoom, appId: string): boolean {
  const members = room.userIds ?? [];
  return room.type === RoomType.DIRECT_MESSAGE && members.length > 1 && members.includes(appUserId(appId));
}

function isObject(value: unknown): value is IMessage {
  return typeof value === 'object' && value !== null;
}
