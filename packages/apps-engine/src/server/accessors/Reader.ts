import { inject, injectable } from 'inversify';
import type { IEnvironmentRead } from '../../definition/accessors/IEnvironmentRead.ts';
import type { IRead } from '../../definition/accessors/IRead.ts';
import type { IPersistenceRead } from '../../definition/persistence/IPersistence.ts';
import type { IUserRead } from '../../definition/users/IUser.ts';
import { TOKENS } from '../container/tokens.ts';
import type { UserDirectory } from '../users/UserDirectory.ts';

/** An app's `IRead`. */
@injectable()
export class Reader implements IRead {
  private readonly userReader: IUserRead;

  constructor(
    @inject(TOKENS.EnvironmentRead) private readonly environment: IEnvironmentRead,
    @inject(TOKENS.PersistenceRead) private readonly persistence: IPersistenceRead,
    @inject(TOKENS.Users) users: UserDirectory,
  ) {
    // Only the reading half of the directory: apps do not add users.
    this.userReader = {
      getById: (id) => users.getById(id),
      getByUsername: (username) => users.getByUsername(username),
    };
  }

  getEnvironmentReader(): IEnvironmentRead {
    return this.environment;
  }

  getPersistenceReader(): IPersistenceRead {
    return this.persistence;
  }

  getUserReader(): IUserRead {
    return this.userReader;
  }
}
