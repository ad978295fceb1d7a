import type { IMessageRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IThreadRead } from '@rocket.chat/apps-engine/definition/accessors/IThreadRead.js';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';

/** `read.getMessageReader()` and `read.getThreadReader()`: stored messages (not ephemeral notifications). */
@injectable()
export class MessageReader implements IMessageRead, IThreadRead {
  constructor(@inject(TOKENS.Chat) private readonly chat: Chat) {}

  getById(id: string): Promise<IMessage | undefined> {
    return this.chat.messages.getById(id);
  }

  async getSenderUser(messageId: string): Promise<IUser | undefined> {
    return (await this.chat.messages.getById(messageId))?.sender;
  }

  async getRoom(messageId: string): Promise<IRoom | undefined> {
    return (await this.chat.messages.getById(messageId))?.room;
  }

  /** The thread's first message, then its replies, oldest first. */
  async getThreadById(id: string): Promise<IMessage[] | undefined> {
    const root = await this.chat.messages.getRecord(id);
    if (!root) {
      return undefined;
    }
    const replies = (await this.chat.messages.list(root.roomId, { limit: Number.MAX_SAFE_INTEGER })).filter((record) => record.threadId === id);
    return Promise.all([root, ...replies].map((record) => this.chat.messages.toMessage(record)));
  }
}
