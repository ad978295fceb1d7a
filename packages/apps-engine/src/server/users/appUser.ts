import type { IAppInfo } from '../../definition/index.ts';
import { UserType } from '../../definition/index.ts';
import type { UserInput } from './UserDirectory.ts';

/** The id of an app's bot user (Rocket.Chat gives every app one; its username is `<nameSlug>.bot`). */
export function appUserId(appId: string): string {
  return `${appId}.bot`;
}

/** The app's bot user as Rocket.Chat creates it at install. */
export function appUserInput(info: IAppInfo): UserInput {
  return {
    id: appUserId(info.id),
    username: `${info.nameSlug}.bot`,
    name: info.name,
    type: UserType.APP,
    appId: info.id,
    roles: ['app'],
  };
}
