import type { IUser, IUserRead } from '../../definition/users/IUser.ts';
import { AssociationModel } from '../../definition/metadata/AssociationRecord.ts';
import { HostError } from '../errors.ts';
import type { Association, IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';

/** Store scopes (unreachable by apps: `#` cannot start an app id). */
const USERS = '#users';
const USERNAMES = '#usernames';
const DIRECTORY: Association = { model: AssociationModel.MISC, id: 'user-directory' };

/**
 * `host.users`: the chat's user directory. Users live in the store, so a host that did not add a
 * user still finds them (an OAuth flow started on one host may finish on another).
 */
export class UserDirectory implements IUserRead {
  constructor(private readonly bridge: IPersistenceBridge) {}

  /** Adds or replaces a user; resolves with the stored user. */
  async add(user: IUser): Promise<IUser> {
    checkUser(user);
    const previous = await this.getById(user.id);
    await this.bridge.updateByAssociations(USERS, byId(user.id), toStored(user), true);
    await this.bridge.update(USERNAMES, user.username, { id: user.id }, true);
    if (previous && previous.username !== user.username) {
      await this.bridge.remove(USERNAMES, previous.username);
    }
    return fromStored(toStored(user));
  }

  async getById(id: string): Promise<IUser | undefined> {
    const [stored] = await this.bridge.readByAssociations(USERS, [{ model: AssociationModel.USER, id }]);
    return stored && fromStored(stored);
  }

  async getByUsername(username: string): Promise<IUser | undefined> {
    const entry = (await this.bridge.read(USERNAMES, username)) as { id?: string } | undefined;
    const user = typeof entry?.id === 'string' ? await this.getById(entry.id) : undefined;
    // A rename on another host may have left the old name pointing here.
    return user?.username === username ? user : undefined;
  }

  async list(): Promise<IUser[]> {
    const users = await this.bridge.readByAssociations(USERS, [DIRECTORY]);
    return users.map(fromStored).sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Resolves with the user or rejects with `HostError('user_not_found')`. */
  async require(id: string): Promise<IUser> {
    const user = await this.getById(id);
    if (!user) {
      throw new HostError('user_not_found', `No user with id "${id}"`);
    }
    return user;
  }
}

function byId(id: string): Association[] {
  return [{ model: AssociationModel.USER, id }, DIRECTORY];
}

function checkUser(user: IUser): void {
  if (typeof user?.id !== 'string' || user.id === '' || typeof user.username !== 'string' || user.username === '') {
    throw new HostError('invalid_user', 'A user needs a non-empty string id and username');
  }
}

/** Dates do not survive JSON: keep `createdAt` as an ISO string at rest and revive it on read. */
function toStored(user: IUser): object {
  return { ...user, createdAt: user.createdAt?.toISOString() };
}

function fromStored(stored: object): IUser {
  const { createdAt, ...rest } = stored as IUser & { createdAt?: string };
  return createdAt === undefined ? rest : { ...rest, createdAt: new Date(createdAt) };
}
