import type { IMessage, IMessageBuilder } from '../messages/IMessage.ts';
import type { IUser } from '../users/IUser.ts';

export interface INotifier {
  /** Sends a message only this user sees (Rocket.Chat's ephemeral notification). */
  notifyUser(user: IUser, message: IMessage): Promise<void>;
  getMessageBuilder(): IMessageBuilder;
}

/** Write access to the chat handed to handlers and commands. */
export interface IModify {
  getNotifier(): INotifier;
}
