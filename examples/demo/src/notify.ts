import { MessageBuilder, type IModify, type IUser } from '@plugboard/apps-engine';

/** Sends a message only this user sees (the chat's ephemeral notification). */
export async function tell(modify: IModify, user: IUser, text: string): Promise<void> {
  await modify.getNotifier().notifyUser(user, new MessageBuilder().setText(text).getMessage());
}
