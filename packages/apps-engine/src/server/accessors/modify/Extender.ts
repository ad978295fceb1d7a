import type { IMessageExtender, IModifyExtender, IRoomExtender, IVideoConferenceExtender } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages/index.js';
import { RocketChatAssociationModel } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import { notSupported } from '../unsupported.ts';

/** `modify.getExtender()`: adds fields and attachments to a message, or fields and members to a room. */
@injectable()
export class Extender implements IModifyExtender {
  constructor(@inject(TOKENS.Chat) private readonly chat: Chat) {}

  async extendMessage(messageId: string, updater: IUser): Promise<IMessageExtender> {
    const message = await this.chat.messages.getById(messageId);
    if (!message) {
      throw new HostError('message_not_found', `modify.getExtender().extendMessage(): no message with id "${messageId}"`);
    }
    return new MessageExtender({ ...message, id: messageId }, updater);
  }

  async extendRoom(roomId: string, _updater: IUser): Promise<IRoomExtender> {
    const room = await this.chat.rooms.getById(roomId);
    if (!room) {
      throw new HostError('room_not_found', `modify.getExtender().extendRoom(): no room with id "${roomId}"`);
    }
    return new RoomExtender(room);
  }

  extendVideoConference(): Promise<IVideoConferenceExtender> {
    return Promise.reject(notSupported('modify.getExtender().extendVideoConference()'));
  }

  async finish(extender: IRoomExtender | IMessageExtender | IVideoConferenceExtender): Promise<void> {
    if (extender instanceof MessageExtender) {
      const message = extender.getMessage();
      await this.chat.update(message.id as string, message, extender.editor);
    } else if (extender instanceof RoomExtender) {
      const room = extender.getRoom();
      const usernames = [...room.usernames, ...extender.getUsernamesOfMembersBeingAdded()];
      await this.chat.rooms.update(room.id, { customFields: room.customFields ?? {}, usernames });
      await this.chat.announce(room.id);
    } else {
      throw notSupported(`modify.getExtender().finish() of a ${String((extender as { kind?: unknown })?.kind)} extender`);
    }
  }
}

/** Rocket.Chat's `IMessageExtender` over a copy of the message (also what pre-send listeners get). */
export class MessageExtender implements IMessageExtender {
  readonly kind = RocketChatAssociationModel.MESSAGE as const;

  constructor(
    private readonly message: IMessage,
    readonly editor: IUser,
  ) {}

  addCustomField(key: string, value: unknown): this {
    if (this.message.customFields && key in this.message.customFields) {
      throw new HostError('invalid_message', `The message already has a custom field "${key}"`);
    }
    this.message.customFields = { ...this.message.customFields, [key]: value };
    return this;
  }

  addAttachment(attachment: IMessageAttachment): this {
    this.message.attachments = [...(this.message.attachments ?? []), attachment];
    return this;
  }

  addAttachments(attachments: IMessageAttachment[]): this {
    this.message.attachments = [...(this.message.attachments ?? []), ...attachments];
    return this;
  }

  getMessage(): IMessage {
    return { ...this.message };
  }
}

class RoomExtender implements IRoomExtender {
  readonly kind = RocketChatAssociationModel.ROOM as const;
  private readonly adding: IUser[] = [];

  constructor(private readonly room: IRoom) {}

  addCustomField(key: string, value: unknown): this {
    if (this.room.customFields && key in this.room.customFields) {
      throw new HostError('invalid_room', `The room already has a custom field "${key}"`);
    }
    this.room.customFields = { ...this.room.customFields, [key]: value };
    return this;
  }

  addMember(user: IUser): this {
    if (!this.room.usernames.includes(user.username) && !this.adding.some((member) => member.id === user.id)) {
      this.adding.push(user);
    }
    return this;
  }

  getMembersBeingAdded(): IUser[] {
    return [...this.adding];
  }

  getUsernamesOfMembersBeingAdded(): string[] {
    return this.adding.map((user) => user.username);
  }

  getRoom(): IRoom {
    return { ...this.room };
  }
}
