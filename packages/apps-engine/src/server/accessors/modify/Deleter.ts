import type { IModifyDeleter } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import { notSupported } from '../unsupported.ts';

/** `modify.getDeleter()`: removes rooms, messages and room members. */
@injectable()
export class Deleter implements IModifyDeleter {
  constructor(@inject(TOKENS.Chat) private readonly chat: Chat) {}

  deleteRoom(roomId: string): Promise<void> {
    return this.chat.deleteRoom(roomId);
  }

  deleteUsers(): Promise<boolean> {
    return Promise.reject(notSupported('modify.getDeleter().deleteUsers()'));
  }

  async deleteMessage(message: IMessage, _user: IUser): Promise<void> {
    if (!message?.id) {
      throw new HostError('invalid_message', 'modify.getDeleter().deleteMessage(): the message has no id');
    }
    await this.chat.deleteMessage(message.id);
  }

  async removeUsersFromRoom(roomId: string, usernames: string[]): Promise<void> {
    const room = await this.chat.rooms.getById(roomId);
    if (!room) {
      throw new HostError('room_not_found', `No room with id "${roomId}"`);
    }
    await this.chat.rooms.update(roomId, { usernames: room.usernames.filter((name) => !usernames.includes(name)) });
    await this.chat.announce(roomId);
  }
}
