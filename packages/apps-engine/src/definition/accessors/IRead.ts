import type { IPersistenceRead } from '../persistence/IPersistence.ts';
import type { IUserRead } from '../users/IUser.ts';
import type { IEnvironmentRead } from './IEnvironmentRead.ts';

/** Read access handed to handlers and commands. */
export interface IRead {
  getEnvironmentReader(): IEnvironmentRead;
  getPersistenceReader(): IPersistenceRead;
  getUserReader(): IUserRead;
}
