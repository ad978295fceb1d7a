import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import { UserType } from '@rocket.chat/apps-engine/definition/users/index.js';
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
