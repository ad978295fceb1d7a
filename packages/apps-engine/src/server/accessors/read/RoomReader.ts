import type { IRoomRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages/index.js';
import type { GetMessagesOptions, GetRoomsFilters, GetRoomsOptions, IRoom, IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';
import { notSupported } from '../unsupported.ts';

/** `read.getRoomReader()`: the host's rooms and their messages. */
@injectable()
export class RoomReader implements IRoomRead {
  constructor(@inject(TOKENS.Chat) private readonly chat: Chat) {}

  getById(id: string): Promise<IRoom | undefined> {
    return this.chat.rooms.getById(id);
  }

  async getCreatorUserById(id: string): Promise<IUser | undefined> {
    return (await this.chat.rooms.getById(id))?.creator;
  }

  getByName(name: string): Promise<IRoom | undefined> {
    return this.chat.rooms.getByName(name);
  }

  async getCreatorUserByName(name: string): Promise<IUser | undefined> {
    return (await this.chat.rooms.getByName(name))?.creator;
  }

  async getMessages(roomId: string, options: Partial<GetMessagesOptions> = {}): Promise<IMessageRaw[]> {
    const records = await this.chat.messages.list(roomId, options);
    return Promise.all(records.map((record) => this.chat.messages.toRaw(record)));
  }

  async getMembers(roomId: string): Promise<IUser[]> {
    return this.chat.rooms.members(roomId);
  }

  async getAllRooms(filters: GetRoomsFilters = {}, options: GetRoomsOptions = {}): Promise<IRoomRaw[] | undefined> {
    const rooms = (await this.chat.rooms.list()).filter((room) => !filters.types || filters.types.includes(room.type));
    const skip = Math.max(0, options.skip ?? 0);
    return rooms.slice(skip, skip + Math.max(0, options.limit ?? 100)).map(toRaw);
  }

  /** The direct room of exactly these users, or `undefined` (create one with `modify.getCreator().startRoom()`). */
  getDirectByUsernames(usernames: string[]): Promise<IRoom> {
    return this.chat.rooms.getDirectByUsernames(usernames) as Promise<IRoom>;
  }

  async getModerators(_roomId: string): Promise<IUser[]> {
    return []; // this host has no room roles
  }

  async getOwners(roomId: string): Promise<IUser[]> {
    const room = await this.chat.rooms.getById(roomId);
    return room ? [room.creator] : [];
  }

  async getLeaders(_roomId: string): Promise<IUser[]> {
    return [];
  }

  getUnreadByUser(): Promise<IMessageRaw[]> {
    return Promise.reject(notSupported('read.getRoomReader().getUnreadByUser()'));
  }

  getUserUnreadMessageCount(): Promise<number> {
    return Promise.reject(notSupported('read.getRoomReader().getUserUnreadMessageCount()'));
  }
}

function toRaw(room: IRoom): IRoomRaw {
  const { creator, parentRoom, ...rest } = room;
  const raw: IRoomRaw = { ...rest, creator: { _id: creator.id, username: creator.username, name: creator.name } };
  if (parentRoom) raw.parentRoomId = parentRoom.id;
  return raw;
}
