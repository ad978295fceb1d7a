import type { IContactCreator } from '@rocket.chat/apps-engine/definition/accessors/IContactCreator.js';
import type { IDiscussionBuilder, ILivechatCreator, ILivechatMessageBuilder, IMessageBuilder, IModifyCreator, IRoomBuilder, IUploadCreator, IUserBuilder, IVideoConferenceBuilder } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IEmailCreator } from '@rocket.chat/apps-engine/definition/accessors/IEmailCreator.js';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import { RocketChatAssociationModel } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import { appUserId } from '../../users/appUser.ts';
import { notSupported, unsupported } from '../unsupported.ts';
import { MessageBuilder } from './MessageBuilder.ts';
import { RoomBuilder } from './RoomBuilder.ts';

type AnyBuilder = IMessageBuilder | ILivechatMessageBuilder | IRoomBuilder | IDiscussionBuilder | IVideoConferenceBuilder | IUserBuilder;

/** `modify.getCreator()`: messages and rooms (direct rooms included) on the host's chat. */
@injectable()
export class Creator implements IModifyCreator {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Chat) private readonly chat: Chat,
  ) {}

  getLivechatCreator(): ILivechatCreator {
    return unsupported('modify.getCreator().getLivechatCreator()');
  }

  getUploadCreator(): IUploadCreator {
    return unsupported('modify.getCreator().getUploadCreator()');
  }

  getEmailCreator(): IEmailCreator {
    return unsupported('modify.getCreator().getEmailCreator()');
  }

  getContactCreator(): IContactCreator {
    return unsupported('modify.getCreator().getContactCreator()');
  }

  getBlockBuilder(): BlockBuilder {
    return new BlockBuilder(this.appId);
  }

  startMessage(data?: IMessage): IMessageBuilder {
    return new MessageBuilder(data);
  }

  startLivechatMessage(): ILivechatMessageBuilder {
    throw notSupported('modify.getCreator().startLivechatMessage()');
  }

  startRoom(data?: IRoom): IRoomBuilder {
    return new RoomBuilder(data);
  }

  startDiscussion(): IDiscussionBuilder {
    throw notSupported('modify.getCreator().startDiscussion()');
  }

  startVideoConference(): IVideoConferenceBuilder {
    throw notSupported('modify.getCreator().startVideoConference()');
  }

  startBotUser(): IUserBuilder {
    throw notSupported('modify.getCreator().startBotUser()');
  }

  /** Sends the message (from the app's bot user unless a sender is set) or creates the room; resolves with its id. */
  async finish(builder: AnyBuilder): Promise<string> {
    switch (builder?.kind) {
      case RocketChatAssociationModel.MESSAGE:
        return this.sendMessage((builder as IMessageBuilder).getMessage());
      case RocketChatAssociationModel.ROOM:
        return this.createRoom(builder as IRoomBuilder);
      default:
        throw notSupported(`modify.getCreator().finish() of a ${String(builder?.kind)} builder`);
    }
  }

  private async sendMessage(message: IMessage): Promise<string> {
    if (!message.room?.id) {
      throw new HostError('invalid_message', 'modify.getCreator().finish(): the message has no room (call setRoom)');
    }
    const sender = message.sender?.id ? message.sender : await this.chat.users.require(appUserId(this.appId));
    const posted = await this.chat.post({ ...message, sender }, this.appId);
    return posted.id;
  }

  private async createRoom(builder: IRoomBuilder): Promise<string> {
    const room = builder.getRoom();
    if (!room.type) {
      throw new HostError('invalid_room', 'modify.getCreator().finish(): the room has no type (call setType)');
    }
    if (!room.creator?.id) {
      throw new HostError('invalid_room', 'modify.getCreator().finish(): the room has no creator (call setCreator)');
    }
    const usernames = [...new Set([...(room.type === RoomType.DIRECT_MESSAGE ? [] : [room.creator.username]), ...builder.getMembersToBeAddedUsernames()])];
    const { creator, parentRoom: _parent, id: _id, usernames: _usernames, userIds: _userIds, ...rest } = room;
    const id = await this.chat.rooms.create({ ...rest, creatorId: creator.id, usernames });
    await this.chat.announce(id);
    return id;
  }
}
