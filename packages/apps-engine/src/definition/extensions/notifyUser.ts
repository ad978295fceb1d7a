import type { IModify } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';

/**
 * Sends `text` to one user only (Rocket.Chat's ephemeral notification): the one-liner every app
 * ends up writing around `getNotifier().notifyUser(user, builder.setText(text).getMessage())`.
 * Plugboard shows it in the user's direct room with the app's bot when no `room` is given;
 * Rocket.Chat needs the `room` the user is looking at.
 */
export async function notifyUser(modify: IModify, user: IUser, text: string, room?: IRoom): Promise<void> {
  const notifier = modify.getNotifier();
  const builder = notifier.getMessageBuilder().setText(text);
  if (room) {
    builder.setRoom(room);
  }
  await notifier.notifyUser(user, builder.getMessage());
}
