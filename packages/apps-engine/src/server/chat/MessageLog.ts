import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';

/** A message as the host's chat shows it: what `host.messages` holds and `host.on('message')` gets. */
export interface MessageEvent {
  /** The message id (an ephemeral notification has one too, but is not stored in its room). */
  id: string;
  /** The app that sent it; absent for a message a user sent. */
  appId?: string;
  room: IRoom;
  sender: IUser;
  /** The message itself: `text`, `blocks`, `attachments`, ... */
  message: IMessage;
  time: Date;
  /** Set for an ephemeral notification (`notifyUser`): the only user who sees it. */
  recipient?: IUser;
}

/** Keeps the newest messages this host saw (newest last) and tells listeners about each one. */
export class MessageLog {
  private readonly entries: MessageEvent[] = [];

  constructor(
    private readonly emit: (event: MessageEvent) => void,
    private readonly capacity = 1000,
  ) {}

  get messages(): readonly MessageEvent[] {
    return this.entries;
  }

  record(event: MessageEvent): void {
    this.entries.push(event);
    if (this.entries.length > this.capacity) {
      this.entries.splice(0, this.entries.length - this.capacity);
    }
    this.emit(event);
  }

  find(id: string): MessageEvent | undefined {
    return this.entries.find((candidate) => candidate.id === id);
  }

  /** Applies an edit to the entry this host holds, if any. */
  replace(id: string, message: IMessage): void {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (entry) entry.message = message;
  }

  forget(id: string): void {
    const index = this.entries.findIndex((candidate) => candidate.id === id);
    if (index !== -1) this.entries.splice(index, 1);
  }
}
