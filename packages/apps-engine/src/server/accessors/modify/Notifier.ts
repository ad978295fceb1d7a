import type { IMessageBuilder, INotifier, ITypingOptions } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import { appUserId } from '../../users/appUser.ts';
import { MessageBuilder } from './MessageBuilder.ts';

/**
 * `read.getNotifier()` / `modify.getNotifier()`: ephemeral messages. A notification without a
 * sender comes from the app's bot user; without a room it lands in the user's direct room with it.
 */
@injectable()
export class Notifier implements INotifier {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Chat) private readonly chat: Chat,
  ) {}

  async notifyUser(user: IUser, message: IMessage): Promise<void> {
    const recipient = user?.id ? await this.chat.users.getById(user.id) : undefined;
    if (!recipient) {
      throw new HostError('user_not_found', `notifyUser: no user with id "${String(user?.id)}"`);
    }
    await this.chat.notify(recipient, { ...message, sender: await this.sender(message) }, this.appId);
  }

  /** Every member of the room sees the message once; it is not stored in the room. */
  async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
    const members = await this.chat.rooms.members(room.id);
    const sender = await this.sender(message);
    for (const member of members) {
      await this.chat.notify(member, { ...message, room, sender }, this.appId);
    }
  }

  async typing(_options: ITypingOptions): Promise<() => Promise<void>> {
    return async () => {}; // nobody watches typing indicators on this host
  }

  getMessageBuilder(): IMessageBuilder {
    return new MessageBuilder();
  }

  private async sender(message: IMessage): Promise<IUser> {
    if (message.sender?.id) {
      return message.sender;
    }
    return this.chat.users.require(appUserId(this.appId));
  }
}
