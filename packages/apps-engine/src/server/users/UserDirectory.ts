import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import type { IUserRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users/index.js';
import { AssociationModel } from '../../definition/extensions/associations.ts';
import { reviveDates, storeDates } from '../chat/storedDates.ts';
import { HostError } from '../errors.ts';
import type { Association, IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';

/** Store scopes (unreachable by apps: `#` cannot start an app id). */
const USERS = '#users';
const USERNAMES = '#usernames';
const DIRECTORY: Association = { model: AssociationModel.MISC, id: 'user-directory' };
const DATE_FIELDS = ['createdAt', 'updatedAt', 'lastLoginAt', 'statusExpiresAt'] as const;

/** What `host.users.add` takes: an id and a username; every other `IUser` field has a default. */
export type UserInput = Pick<IUser, 'id' | 'username'> & Partial<Omit<IUser, 'id' | 'username'>>;

/**
 * `host.users`: the chat's user directory, holding Rocket.Chat's `IUser`. Users live in the store,
 * so a host that did not add a user still finds them (an OAuth flow started on one host may finish
 * on another).
 */
export class UserDirectory {
  constructor(private readonly bridge: IPersistenceBridge) {}

  /** Adds or replaces a user; missing fields get Rocket.Chat's defaults. Resolves with the stored user. */
  async add(input: UserInput): Promise<IUser> {
    checkUser(input);
    const holder = await this.getByUsername(input.username);
    if (holder && holder.id !== input.id) {
      throw new HostError('username_taken', `The username "${input.username}" belongs to another user`);
    }
    const previous = await this.getById(input.id);
    const user = completeUser(input, previous);
    await this.bridge.updateByAssociations(USERS, byId(user.id), storeDates(user, DATE_FIELDS), true);
    await this.bridge.update(USERNAMES, user.username, { id: user.id }, true);
    if (previous && previous.username !== user.username) {
      await this.bridge.remove(USERNAMES, previous.username);
    }
    return user;
  }

  async getById(id: string): Promise<IUser | undefined> {
    // The set every user record carries (`byId`): the bridge fetches that set's record with the
    // user's index in one round trip, where the user association alone would take a second one.
    const [stored] = await this.bridge.readByAssociations(USERS, byId(id));
    return stored && reviveDates<IUser>(stored, DATE_FIELDS);
  }

  async getByUsername(username: string): Promise<IUser | undefined> {
    const entry = (await this.bridge.read(USERNAMES, username)) as { id?: string } | undefined;
    const user = typeof entry?.id === 'string' ? await this.getById(entry.id) : undefined;
    // A rename on another host may have left the old name pointing here.
    return user?.username === username ? user : undefined;
  }

  /** Every user, by username; app bot users included. */
  async list(): Promise<IUser[]> {
    const users = await this.bridge.readByAssociations(USERS, [DIRECTORY]);
    return users.map((stored) => reviveDates<IUser>(stored, DATE_FIELDS)).sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Resolves with the user or rejects with `HostError('user_not_found')`. */
  async require(id: string): Promise<IUser> {
    const user = await this.getById(id);
    if (!user) {
      throw new HostError('user_not_found', `No user with id "${id}"`);
    }
    return user;
  }

  /** Removes a user; resolves `true` when there was one. */
  async remove(id: string): Promise<boolean> {
    const [removed] = await this.bridge.removeByAssociations(USERS, [{ model: AssociationModel.USER, id }]);
    if (!removed) {
      return false;
    }
    const { username } = removed as IUser;
    const entry = (await this.bridge.read(USERNAMES, username)) as { id?: string } | undefined;
    if (entry?.id === id) {
      await this.bridge.remove(USERNAMES, username);
    }
    return true;
  }
}

/** Rocket.Chat's user fields with the values a new, active, online user has. */
function completeUser(input: UserInput, previous: IUser | undefined): IUser {
  const now = new Date();
  return {
    emails: [],
    type: UserType.USER,
    isEnabled: true,
    name: input.username,
    roles: ['user'],
    status: 'online',
    statusConnection: UserStatusConnection.ONLINE,
    utcOffset: 0,
    createdAt: previous?.createdAt ?? now,
    lastLoginAt: previous?.lastLoginAt ?? now,
    ...input,
    updatedAt: input.updatedAt ?? now,
  };
}

function byId(id: string): Association[] {
  return [{ model: AssociationModel.USER, id }, DIRECTORY];
}

function checkUser(user: UserInput): void {
  if (typeof user?.id !== 'string' || user.id === '' || typeof user.username !== 'string' || user.username === '') {
    throw new HostError('invalid_user', 'A user needs a non-empty string id and username');
  }
}
