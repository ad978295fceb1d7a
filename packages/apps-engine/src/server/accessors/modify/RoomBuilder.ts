import type { IRoomBuilder } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { RocketChatAssociationModel } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import type { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';

/** Rocket.Chat's `IRoomBuilder`: plain data until the creator's (or updater's) `finish`. */
export class RoomBuilder implements IRoomBuilder {
  readonly kind = RocketChatAssociationModel.ROOM as const;
  private room: Partial<IRoom>;
  private membersToAdd: string[] = [];

  constructor(data?: Partial<IRoom>) {
    this.room = { ...data, usernames: [...(data?.usernames ?? [])] };
  }

  setData(room: Partial<IRoom>): this {
    this.room = { ...room, usernames: [...(room.usernames ?? [])] };
    return this;
  }

  setDisplayName(name: string): this {
    this.room.displayName = name;
    return this;
  }

  getDisplayName(): string {
    return this.room.displayName as string;
  }

  setSlugifiedName(name: string): this {
    this.room.slugifiedName = name;
    return this;
  }

  getSlugifiedName(): string {
    return this.room.slugifiedName as string;
  }

  setType(type: RoomType): this {
    this.room.type = type;
    return this;
  }

  getType(): RoomType {
    return this.room.type as RoomType;
  }

  setCreator(creator: IUser): this {
    this.room.creator = creator;
    return this;
  }

  getCreator(): IUser {
    return this.room.creator as IUser;
  }

  /** @deprecated in Rocket.Chat too: use `addMemberToBeAddedByUsername`. */
  addUsername(username: string): this {
    return this.addMemberToBeAddedByUsername(username);
  }

  /** @deprecated in Rocket.Chat too: use `setMembersToBeAddedByUsernames`. */
  setUsernames(usernames: string[]): this {
    return this.setMembersToBeAddedByUsernames(usernames);
  }

  getUsernames(): string[] {
    return this.getMembersToBeAddedUsernames();
  }

  addMemberToBeAddedByUsername(username: string): this {
    this.membersToAdd.push(username);
    return this;
  }

  setMembersToBeAddedByUsernames(usernames: string[]): this {
    this.membersToAdd = [...usernames];
    return this;
  }

  /** Members already in the room (when editing one) and those to add. */
  getMembersToBeAddedUsernames(): string[] {
    return [...new Set([...(this.room.usernames ?? []), ...this.membersToAdd])];
  }

  setDefault(isDefault: boolean): this {
    this.room.isDefault = isDefault;
    return this;
  }

  getIsDefault(): boolean {
    return this.room.isDefault as boolean;
  }

  setReadOnly(isReadOnly: boolean): this {
    this.room.isReadOnly = isReadOnly;
    return this;
  }

  getIsReadOnly(): boolean {
    return this.room.isReadOnly as boolean;
  }

  setDisplayingOfSystemMessages(displaySystemMessages: boolean): this {
    this.room.displaySystemMessages = displaySystemMessages;
    return this;
  }

  getDisplayingOfSystemMessages(): boolean {
    return this.room.displaySystemMessages as boolean;
  }

  addCustomField(key: string, value: object): this {
    this.room.customFields = { ...this.room.customFields, [key]: value };
    return this;
  }

  setCustomFields(fields: Record<string, object>): this {
    this.room.customFields = { ...fields };
    return this;
  }

  getCustomFields(): Record<string, object> {
    return this.room.customFields ?? {};
  }

  getUserIds(): string[] {
    return this.room.userIds ?? [];
  }

  getRoom(): IRoom {
    return { ...this.room, usernames: this.getMembersToBeAddedUsernames() } as IRoom;
  }
}
