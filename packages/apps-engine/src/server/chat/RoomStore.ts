import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { AssociationModel } from '../../definition/extensions/associations.ts';
import { HostError } from '../errors.ts';
import type { Association, IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import type { UserDirectory } from '../users/UserDirectory.ts';
import { newId } from './newId.ts';
import { reviveDates, storeDates } from './storedDates.ts';

/** Store scope of rooms (`#` cannot start an app id, so no app reaches it directly). */
const ROOMS = '#rooms';
const DIRECTORY: Association = { model: AssociationModel.MISC, id: 'room-directory' };
const DATE_FIELDS = ['createdAt', 'updatedAt', 'lastModifiedAt'] as const;

/** A room at rest: the creator by id (users change; the room should show the current one). */
export interface RoomRecord extends Omit<IRoom, 'creator' | 'parentRoom'> {
  creatorId: string;
  parentRoomId?: string;
}

/** What creating a room takes; `id` and timestamps are filled in. */
export type NewRoom = Omit<RoomRecord, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

/**
 * The host's rooms (channels, private groups, direct rooms), in the shared store so every host of
 * a deployment sees the same rooms. A direct room is found by its members' usernames.
 */
export class RoomStore {
  constructor(
    private readonly bridge: IPersistenceBridge,
    private readonly users: UserDirectory,
  ) {}

  async getById(id: string): Promise<IRoom | undefined> {
    const [record] = await this.bridge.readByAssociations(ROOMS, [{ model: AssociationModel.ROOM, id }]);
    return record && this.toRoom(reviveDates<RoomRecord>(record, DATE_FIELDS));
  }

  async getRecord(id: string): Promise<RoomRecord | undefined> {
    const [record] = await this.bridge.readByAssociations(ROOMS, [{ model: AssociationModel.ROOM, id }]);
    return record && reviveDates<RoomRecord>(record, DATE_FIELDS);
  }

  /** A channel or group by its name (Rocket.Chat's `slugifiedName`); also finds a room by id. */
  async getByName(name: string): Promise<IRoom | undefined> {
    const [record] = await this.bridge.readByAssociations(ROOMS, [nameKey(name)]);
    return record ? this.toRoom(reviveDates<RoomRecord>(record, DATE_FIELDS)) : undefined;
  }

  /** The direct room whose members are exactly these usernames (in any order). */
  async getDirectByUsernames(usernames: readonly string[]): Promise<IRoom | undefined> {
    const [record] = await this.bridge.readByAssociations(ROOMS, [directKey(usernames)]);
    return record ? this.toRoom(reviveDates<RoomRecord>(record, DATE_FIELDS)) : undefined;
  }

  async list(): Promise<IRoom[]> {
    const records = await this.bridge.readByAssociations(ROOMS, [DIRECTORY]);
    const rooms = await Promise.all(records.map((record) => this.toRoom(reviveDates<RoomRecord>(record, DATE_FIELDS))));
    return rooms.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
  }

  /** Creates a room; a direct room whose members already have one resolves with the existing id. */
  async create(room: NewRoom): Promise<string> {
    const usernames = unique(room.usernames ?? []);
    if (room.type === RoomType.DIRECT_MESSAGE) {
      if (usernames.length === 0) {
        throw new HostError('invalid_room', 'A direct room needs at least one member');
      }
      const existing = await this.getDirectByUsernames(usernames);
      if (existing) {
        return existing.id;
      }
    } else {
      checkName(room.slugifiedName);
      if (await this.getByName(room.slugifiedName)) {
        throw new HostError('room_exists', `A room named "${room.slugifiedName}" already exists`);
      }
    }
    const now = new Date();
    const members = await this.resolveMembers(usernames);
    const record: RoomRecord = {
      ...room,
      id: room.id ?? newId(),
      slugifiedName: room.type === RoomType.DIRECT_MESSAGE ? usernames.slice().sort().join('__') : room.slugifiedName,
      usernames: members.map((user) => user.username),
      userIds: members.map((user) => user.id),
      createdAt: now,
      updatedAt: now,
    };
    await this.bridge.updateByAssociations(ROOMS, this.associations(record), storeDates(record, DATE_FIELDS), true);
    return record.id;
  }

  /** Replaces a room's data (members, name, flags), keeping its id, type and creation time. */
  async update(id: string, change: Partial<Omit<RoomRecord, 'id' | 'type' | 'createdAt'>>): Promise<IRoom> {
    const current = await this.getRecord(id);
    if (!current) {
      throw new HostError('room_not_found', `No room with id "${id}"`);
    }
    const usernames = change.usernames === undefined ? current.usernames : unique(change.usernames);
    const members = await this.resolveMembers(usernames);
    const next: RoomRecord = {
      ...current,
      ...change,
      id,
      type: current.type,
      usernames: members.map((user) => user.username),
      userIds: members.map((user) => user.id),
      updatedAt: new Date(),
    };
    if (next.type !== RoomType.DIRECT_MESSAGE && next.slugifiedName !== current.slugifiedName) {
      checkName(next.slugifiedName);
      if (await this.getByName(next.slugifiedName)) {
        throw new HostError('room_exists', `A room named "${next.slugifiedName}" already exists`);
      }
    }
    // Names and member sets are associations: re-create the record under the new ones.
    await this.bridge.removeByAssociations(ROOMS, [{ model: AssociationModel.ROOM, id }]);
    await this.bridge.updateByAssociations(ROOMS, this.associations(next), storeDates(next, DATE_FIELDS), true);
    return this.toRoom(next);
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.bridge.removeByAssociations(ROOMS, [{ model: AssociationModel.ROOM, id }]);
    return removed.length > 0;
  }

  /** The members as users; usernames the directory does not know are skipped. */
  async members(id: string): Promise<IUser[]> {
    const record = await this.getRecord(id);
    if (!record) {
      throw new HostError('room_not_found', `No room with id "${id}"`);
    }
    const users = await Promise.all(record.usernames.map((username) => this.users.getByUsername(username)));
    return users.filter((user): user is IUser => user !== undefined);
  }

  async toRoom(record: RoomRecord): Promise<IRoom> {
    const { creatorId, parentRoomId, ...rest } = record;
    const creator = (await this.users.getById(creatorId)) ?? missingUser(creatorId);
    const room: IRoom = { ...rest, creator };
    if (parentRoomId !== undefined) {
      const parent = await this.getById(parentRoomId);
      if (parent) room.parentRoom = parent;
    }
    return room;
  }

  private async resolveMembers(usernames: readonly string[]): Promise<IUser[]> {
    const users = await Promise.all(usernames.map((username) => this.users.getByUsername(username)));
    const unknown = usernames.filter((_, index) => users[index] === undefined);
    if (unknown.length > 0) {
      throw new HostError('user_not_found', `No user with username ${unknown.map((name) => `"${name}"`).join(', ')}`);
    }
    return users as IUser[];
  }

  private associations(record: RoomRecord): Association[] {
    const keys: Association[] = [{ model: AssociationModel.ROOM, id: record.id }, DIRECTORY];
    keys.push(record.type === RoomType.DIRECT_MESSAGE ? directKey(record.usernames) : nameKey(record.slugifiedName));
    return keys;
  }
}

function nameKey(name: string): Association {
  return { model: AssociationModel.MISC, id: `room-name:${name.replace(/^#/, '')}` };
}

function directKey(usernames: readonly string[]): Association {
  return { model: AssociationModel.MISC, id: `direct:${unique(usernames).sort().join(' ')}` };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function checkName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !/^[\p{L}\p{N}._-]{1,100}$/u.test(name)) {
    throw new HostError('invalid_room', `Invalid room name "${String(name)}": use letters, digits, ".", "_" or "-"`);
  }
}

/** A creator who has since been removed from the directory. */
function missingUser(id: string): IUser {
  return { id, username: id } as IUser;
}
