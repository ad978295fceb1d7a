import type { IAppAccessors } from '../accessors/IAppAccessors.ts';
import type { ILogger } from '../accessors/ILogger.ts';
import type { IAppInfo } from './IAppInfo.ts';

/** The read-only face of an app, as helpers such as `createOAuth2Client` see it. */
export interface IApp {
  getID(): string;
  getName(): string;
  getVersion(): string;
  getInfo(): IAppInfo;
  getLogger(): ILogger;
  getAccessors(): IAppAccessors;
}
