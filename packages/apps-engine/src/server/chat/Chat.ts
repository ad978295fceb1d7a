import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { HostError } from '../errors.ts';
import type { UserDirectory } from '../users/UserDirectory.ts';
import type { MessageEvent, MessageLog } from './MessageLog.ts';
import type { MessageStore } from './MessageStore.ts';
import { newId } from './newId.ts';
import type { RoomStore } from './RoomStore.ts';

/** What the chat tells the host about, besides new messages. */
export interface ChatListener {
  messageUpdated(message: IMessage): void;
  messageDeleted(id: string, roomId: string): void;
  roomChanged(room: IRoom): void;
  roomDeleted(id: string): void;
}

/**
 * The host's chat: rooms, messages and ephemeral notifications, with the events a client (the dev
 * console, a test) follows. Accessors of every app write through here.
 */
export class Chat {
  constructor(
    readonly rooms: RoomStore,
    readonly messages: MessageStore,
    readonly users: UserDirectory,
    private readonly log: MessageLog,
    private readonly listener: ChatListener,
  ) {}

  /** Stores a message in its room and announces it. */
  async post(message: IMessage, appId?: string): Promise<IMessage & { id: string }> {
    const stored = (await this.messages.create(message, appId)) as IMessage & { id: string };
    this.log.record({ id: stored.id, ...(appId === undefined ? {} : { appId }), room: stored.room, sender: stored.sender, message: stored, time: stored.createdAt ?? new Date() });
    return stored;
  }

  /** An ephemeral message only `recipient` sees; with no room, it appears in their direct room with `sender`. */
  async notify(recipient: IUser, message: IMessage, appId?: string): Promise<void> {
    const sender = message.sender;
    if (!sender?.id) {
      throw new HostError('invalid_message', 'A notification needs a sender');
    }
    const room = message.room?.id ? await this.rooms.getById(message.room.id) : await this.directRoom([recipient, sender]);
    if (!room) {
      throw new HostError('room_not_found', `No room with id "${message.room?.id}"`);
    }
    const shown: IMessage = { ...message, room, sender, createdAt: new Date() };
    this.log.record({ id: newId(), ...(appId === undefined ? {} : { appId }), room, sender, message: shown, time: shown.createdAt as Date, recipient });
  }

  async update(id: string, message: IMessage, editor?: IUser): Promise<IMessage> {
    const updated = await this.messages.update(id, message, editor);
    this.log.replace(id, updated);
    this.listener.messageUpdated(updated);
    return updated;
  }

  async deleteMessage(id: string): Promise<void> {
    const removed = await this.messages.remove(id);
    if (removed) {
      this.log.forget(id);
      this.listener.messageDeleted(id, removed.roomId);
    }
  }

  async deleteRoom(id: string): Promise<void> {
    await this.messages.removeRoom(id);
    if (await this.rooms.remove(id)) {
      this.listener.roomDeleted(id);
    }
  }

  /** The direct room of these users, created when they have none. */
  async directRoom(members: readonly IUser[]): Promise<IRoom> {
    const usernames = members.map((user) => user.username);
    const existing = await this.rooms.getDirectByUsernames(usernames);
    if (existing) {
      return existing;
    }
    const [creator] = members;
    if (!creator) {
      throw new HostError('invalid_room', 'A direct room needs at least one member');
    }
    const id = await this.rooms.create({ type: RoomType.DIRECT_MESSAGE, slugifiedName: '', creatorId: creator.id, usernames });
    return this.announce(id);
  }

  /** The entry this host's message log holds for a message it posted. */
  lastEvent(id: string): MessageEvent | undefined {
    return this.log.find(id);
  }

  /** A room given as a room, its id or its name; `room_not_found` when there is none. */
  async findRoom(room: IRoom | string): Promise<IRoom> {
    const id = typeof room === 'string' ? room : room?.id;
    const found = (await this.rooms.getById(id)) ?? (typeof room === 'string' ? await this.rooms.getByName(room) : undefined);
    if (!found) {
      throw new HostError('room_not_found', `No room "${String(id)}"`);
    }
    return found;
  }

  /** Reads a room that was just created or changed and tells the listener. */
  async announce(id: string): Promise<IRoom> {
    const room = await this.rooms.getById(id);
    if (!room) {
      throw new HostError('room_not_found', `No room with id "${id}"`);
    }
    this.listener.roomChanged(room);
    return room;
  }
}
