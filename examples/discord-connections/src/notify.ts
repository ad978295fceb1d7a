import type { IModify, IUser } from '@plugboard/apps-engine';

/** Sends a message only this user sees (Rocket.Chat's ephemeral notification). */
export async function notify(modify: IModify, user: IUser, text: string): Promise<void> {
  const notifier = modify.getNotifier();
  await notifier.notifyUser(user, notifier.getMessageBuilder().setText(text).getMessage());
}
