import type { IMessage } from '../../definition/messages/IMessage.ts';
import type { IUser } from '../../definition/users/IUser.ts';

/** A message an app sent to a user (`notifyUser`), as the host's chat would show it. */
export interface MessageEvent {
  appId: string;
  user: IUser;
  message: IMessage;
  time: Date;
}

/** Keeps the newest messages (newest last) and tells listeners about each one. */
export class MessageLog {
  private readonly entries: MessageEvent[] = [];

  constructor(
    private readonly emit: (event: MessageEvent) => void,
    private readonly capacity = 1000,
  ) {}

  get messages(): readonly MessageEvent[] {
    return this.entries;
  }

  record(appId: string, user: IUser, message: IMessage): void {
    const event: MessageEvent = { appId, user, message, time: new Date() };
    this.entries.push(event);
    if (this.entries.length > this.capacity) {
      this.entries.splice(0, this.entries.length - this.capacity);
    }
    this.emit(event);
  }
}
