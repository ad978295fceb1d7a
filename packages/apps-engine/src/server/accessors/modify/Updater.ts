import type { ILivechatUpdater, IMessageBuilder, IMessageUpdater, IModifyUpdater, IRoomBuilder } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater.js';
import type { Reaction } from '@rocket.chat/apps-engine/definition/messages/index.js';
import { RocketChatAssociationModel } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import { notSupported, unsupported } from '../unsupported.ts';
import { MessageBuilder } from './MessageBuilder.ts';
import { RoomBuilder } from './RoomBuilder.ts';

/** `modify.getUpdater()`: edits stored messages and rooms. */
@injectable()
export class Updater implements IModifyUpdater {
  private readonly messageUpdater: IMessageUpdater;

  constructor(@inject(TOKENS.Chat) private readonly chat: Chat) {
    this.messageUpdater = {
      addReaction: (messageId, userId, reaction) => this.react(messageId, userId, reaction, true),
      removeReaction: (messageId, userId, reaction) => this.react(messageId, userId, reaction, false),
    };
  }

  getLivechatUpdater(): ILivechatUpdater {
    return unsupported('modify.getUpdater().getLivechatUpdater()');
  }

  getUserUpdater(): IUserUpdater {
    return unsupported('modify.getUpdater().getUserUpdater()');
  }

  getMessageUpdater(): IMessageUpdater {
    return this.messageUpdater;
  }

  async message(messageId: string, updater: IUser): Promise<IMessageBuilder> {
    const message = await this.chat.messages.getById(messageId);
    if (!message) {
      throw new HostError('message_not_found', `modify.getUpdater().message(): no message with id "${messageId}"`);
    }
    return new MessageBuilder().setUpdateData({ ...message, id: messageId }, updater);
  }

  async room(roomId: string, _updater: IUser): Promise<IRoomBuilder> {
    const room = await this.chat.rooms.getById(roomId);
    if (!room) {
      throw new HostError('room_not_found', `modify.getUpdater().room(): no room with id "${roomId}"`);
    }
    return new RoomBuilder(room);
  }

  async finish(builder: IMessageBuilder | IRoomBuilder): Promise<void> {
    if (builder instanceof MessageBuilder && builder.kind === RocketChatAssociationModel.MESSAGE) {
      const id = builder.getUpdateId();
      if (!id) {
        throw new HostError('invalid_message', 'modify.getUpdater().finish(): the builder does not come from modify.getUpdater().message()');
      }
      const message = builder.getMessage();
      await this.chat.update(id, message, message.editor);
      return;
    }
    if (builder?.kind === RocketChatAssociationModel.ROOM) {
      const room = builder.getRoom();
      if (!room.id) {
        throw new HostError('invalid_room', 'modify.getUpdater().finish(): the builder does not come from modify.getUpdater().room()');
      }
      const { id, creator: _creator, type: _type, createdAt: _createdAt, parentRoom: _parent, userIds: _userIds, ...change } = room;
      await this.chat.rooms.update(id, { ...change, usernames: builder.getMembersToBeAddedUsernames() });
      await this.chat.announce(id);
      return;
    }
    throw notSupported(`modify.getUpdater().finish() of a ${String((builder as { kind?: unknown })?.kind)} builder`);
  }

  private async react(messageId: string, userId: string, reaction: Reaction, add: boolean): Promise<void> {
    const [message, user] = await Promise.all([this.chat.messages.getById(messageId), this.chat.users.require(userId)]);
    if (!message) {
      throw new HostError('message_not_found', `No message with id "${messageId}"`);
    }
    const reactions = { ...message.reactions };
    const usernames = new Set((reactions[reaction] ?? []).flatMap((entry) => entry.usernames ?? []));
    if (add) usernames.add(user.username);
    else usernames.delete(user.username);
    if (usernames.size === 0) delete reactions[reaction];
    else reactions[reaction] = [{ usernames: [...usernames] }];
    await this.chat.update(messageId, { ...message, reactions });
  }
}
