import type { IModify } from '../accessors/IModify.ts';
import type { IUser } from '../users/IUser.ts';

/**
 * Sends `text` to one user only (Rocket.Chat's ephemeral notification): the one-liner every app
 * ends up writing around `getNotifier().notifyUser(user, builder.setText(text).getMessage())`.
 */
export async function notifyUser(modify: IModify, user: IUser, text: string): Promise<void> {
  const notifier = modify.getNotifier();
  await notifier.notifyUser(user, notifier.getMessageBuilder().setText(text).getMessage());
}
