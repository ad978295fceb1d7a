import type { IUserRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import type { Chat } from '../../chat/Chat.ts';
import { TOKENS } from '../../container/tokens.ts';
import { appUserId } from '../../users/appUser.ts';
import { notSupported } from '../unsupported.ts';

/** `read.getUserReader()`: the host's user directory, read-only. Unknown users resolve `undefined`, as on Rocket.Chat. */
@injectable()
export class UserReader implements IUserRead {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Chat) private readonly chat: Chat,
  ) {}

  getById(id: string): Promise<IUser> {
    return this.chat.users.getById(id) as Promise<IUser>;
  }

  getByUsername(username: string): Promise<IUser> {
    return this.chat.users.getByUsername(username) as Promise<IUser>;
  }

  async getBySipExtension(_extension: string): Promise<IUser | undefined> {
    return undefined; // this host has no telephony: no user has a SIP extension
  }

  /** The bot user of this app, or of the app with this id. */
  getAppUser(appId: string = this.appId): Promise<IUser | undefined> {
    return this.chat.users.getById(appUserId(appId));
  }

  getUserUnreadMessageCount(_uid: string): Promise<number | undefined> {
    return Promise.reject(notSupported('read.getUserReader().getUserUnreadMessageCount()'));
  }

  async getUserRoomIds(userId: string): Promise<string[]> {
    const rooms = await this.chat.rooms.list();
    return rooms.filter((room) => room.userIds?.includes(userId)).map((room) => room.id);
  }
}
