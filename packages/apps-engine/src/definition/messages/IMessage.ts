import type { IUser } from '../users/IUser.ts';

export interface IRoom {
  id: string;
  slugifiedName?: string;
  type?: 'c' | 'p' | 'd' | 'l';
}

/** A chat message. `text` may hold links; hosts render them clickable. */
export interface IMessage {
  text: string;
  sender?: IUser;
  room?: IRoom;
  threadId?: string;
}

export interface IMessageBuilder {
  setText(text: string): IMessageBuilder;
  setSender(sender: IUser): IMessageBuilder;
  setRoom(room: IRoom): IMessageBuilder;
  setThreadId(threadId: string): IMessageBuilder;
  getMessage(): IMessage;
}

/** A plain builder; nothing host-specific lives in it. */
export class MessageBuilder implements IMessageBuilder {
  private readonly message: IMessage = { text: '' };

  setText(text: string): this {
    this.message.text = text;
    return this;
  }

  setSender(sender: IUser): this {
    this.message.sender = sender;
    return this;
  }

  setRoom(room: IRoom): this {
    this.message.room = room;
    return this;
  }

  setThreadId(threadId: string): this {
    this.message.threadId = threadId;
    return this;
  }

  getMessage(): IMessage {
    return { ...this.message };
  }
}
