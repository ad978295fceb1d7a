import type { IMessage, IMessageRaw } from '@rocket.chat/apps-engine/definition/messages/index.js';
import type { GetMessagesOptions } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser, IUserLookup } from '@rocket.chat/apps-engine/definition/users/index.js';
import { AssociationModel } from '../../definition/extensions/associations.ts';
import { HostError } from '../errors.ts';
import type { IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import type { UserDirectory } from '../users/UserDirectory.ts';
import { newId } from './newId.ts';
import type { RoomStore } from './RoomStore.ts';
import { reviveDates, storeDates } from './storedDates.ts';

/** Store scope of messages. */
const MESSAGES = '#messages';
const DATE_FIELDS = ['createdAt', 'updatedAt', 'editedAt', 'pinnedAt'] as const;

/** A message at rest: room, sender and editor by id; `seq` orders messages of one millisecond. */
export interface MessageRecord extends Omit<IMessage, 'room' | 'sender' | 'editor' | 'id'> {
  id: string;
  roomId: string;
  senderId: string;
  editorId?: string;
  /** The app that sent it, when an app did. */
  appId?: string;
  createdAt: Date;
  seq: number;
}

let sequence = 0;

/** The host's messages, per room, in the shared store. */
export class MessageStore {
  constructor(
    private readonly bridge: IPersistenceBridge,
    private readonly users: UserDirectory,
    private readonly rooms: RoomStore,
  ) {}

  /** Stores a new message in its room; resolves with the stored message. */
  async create(message: IMessage, appId?: string): Promise<IMessage> {
    const room = message.room?.id ? await this.rooms.getById(message.room.id) : undefined;
    if (!room) {
      throw new HostError('room_not_found', `A message needs an existing room (got ${message.room?.id ? `"${message.room.id}"` : 'none'})`);
    }
    if (!message.sender?.id || !(await this.users.getById(message.sender.id))) {
      throw new HostError('user_not_found', `A message needs a known sender (got ${message.sender?.id ? `"${message.sender.id}"` : 'none'})`);
    }
    const now = new Date();
    const { room: _room, sender, editor, id: _id, ...rest } = message;
    const record: MessageRecord = {
      ...rest,
      id: newId(),
      roomId: room.id,
      senderId: sender.id,
      createdAt: now,
      updatedAt: now,
      seq: ++sequence,
    };
    if (editor) record.editorId = editor.id;
    if (appId !== undefined) record.appId = appId;
    await this.write(record);
    return this.toMessage(record);
  }

  async getById(id: string): Promise<IMessage | undefined> {
    const record = await this.getRecord(id);
    return record && this.toMessage(record);
  }

  async getRecord(id: string): Promise<MessageRecord | undefined> {
    const [stored] = await this.bridge.readByAssociations(MESSAGES, [{ model: AssociationModel.MESSAGE, id }]);
    return stored && reviveDates<MessageRecord>(stored, DATE_FIELDS);
  }

  /** Replaces a message's content (text, blocks, attachments, ...); room, sender and creation stay. */
  async update(id: string, message: IMessage, editor?: IUser): Promise<IMessage> {
    const current = await this.getRecord(id);
    if (!current) {
      throw new HostError('message_not_found', `No message with id "${id}"`);
    }
    const { room: _room, sender: _sender, editor: _editor, id: _id, createdAt: _createdAt, ...content } = message;
    const now = new Date();
    const next: MessageRecord = { ...current, ...content, id, roomId: current.roomId, senderId: current.senderId, createdAt: current.createdAt, updatedAt: now };
    if (editor) {
      next.editorId = editor.id;
      next.editedAt = now;
    }
    await this.write(next);
    return this.toMessage(next);
  }

  async remove(id: string): Promise<MessageRecord | undefined> {
    const [removed] = await this.bridge.removeByAssociations(MESSAGES, [{ model: AssociationModel.MESSAGE, id }]);
    return removed && reviveDates<MessageRecord>(removed, DATE_FIELDS);
  }

  async removeRoom(roomId: string): Promise<void> {
    await this.bridge.removeByAssociations(MESSAGES, [{ model: AssociationModel.ROOM, id: roomId }]);
  }

  /** A room's messages, oldest first unless `sort.createdAt` is `desc`; thread replies included unless told. */
  async list(roomId: string, options: Partial<GetMessagesOptions> = {}): Promise<MessageRecord[]> {
    const stored = await this.bridge.readByAssociations(MESSAGES, [{ model: AssociationModel.ROOM, id: roomId }]);
    let records = stored.map((record) => reviveDates<MessageRecord>(record, DATE_FIELDS));
    if (options.showThreadMessages === false) {
      records = records.filter((record) => record.threadId === undefined);
    }
    const direction = options.sort?.createdAt === 'desc' ? -1 : 1;
    records.sort((a, b) => direction * (a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq));
    const skip = Math.max(0, options.skip ?? 0);
    const limit = Math.max(0, options.limit ?? 100);
    return records.slice(skip, skip + limit);
  }

  async toMessage(record: MessageRecord): Promise<IMessage> {
    const { roomId, senderId, editorId, seq: _seq, appId: _appId, ...rest } = record;
    const [room, sender, editor] = await Promise.all([this.rooms.getById(roomId), this.userOrStub(senderId), editorId ? this.userOrStub(editorId) : undefined]);
    const message: IMessage = { ...rest, room: room ?? ({ id: roomId } as IMessage['room']), sender };
    if (editor) message.editor = editor;
    return message;
  }

  async toRaw(record: MessageRecord): Promise<IMessageRaw> {
    const { senderId, editorId, seq: _seq, appId: _appId, ...rest } = record;
    const raw: IMessageRaw = { ...(rest as Omit<IMessageRaw, 'sender'>), sender: lookup(await this.userOrStub(senderId)) };
    if (editorId) raw.editor = lookup(await this.userOrStub(editorId));
    return raw;
  }

  private async userOrStub(id: string): Promise<IUser> {
    return (await this.users.getById(id)) ?? ({ id, username: id } as IUser);
  }

  private async write(record: MessageRecord): Promise<void> {
    const associations = [
      { model: AssociationModel.MESSAGE, id: record.id },
      { model: AssociationModel.ROOM, id: record.roomId },
    ];
    await this.bridge.updateByAssociations(MESSAGES, associations, storeDates(record, DATE_FIELDS), true);
  }
}

function lookup(user: IUser): IUserLookup {
  return { _id: user.id, username: user.username, name: user.name };
}
