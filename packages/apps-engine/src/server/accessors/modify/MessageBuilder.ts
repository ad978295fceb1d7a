import type { IMessageBuilder } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages/index.js';
import { RocketChatAssociationModel } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import type { BlockBuilder, IBlock } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';

type Blocks = NonNullable<IMessage['blocks']>;

/** Rocket.Chat's `IMessageBuilder`: plain data until `finish`, which the creator or updater performs. */
export class MessageBuilder implements IMessageBuilder {
  readonly kind = RocketChatAssociationModel.MESSAGE as const;
  private message: Partial<IMessage>;
  /** Set by `setUpdateData`: which message an updater's `finish` replaces. */
  private updateId: string | undefined;

  constructor(data?: Partial<IMessage>) {
    this.message = { ...data };
  }

  setData(message: IMessage): this {
    this.message = { ...message };
    return this;
  }

  setUpdateData(message: IMessage, editor: IUser): this {
    this.message = { ...message, editor };
    this.updateId = message.id;
    return this;
  }

  /** The id of the message being edited (updater builders only). */
  getUpdateId(): string | undefined {
    return this.updateId;
  }

  setThreadId(threadId: string): this {
    this.message.threadId = threadId;
    return this;
  }

  getThreadId(): string {
    return this.message.threadId as string;
  }

  setRoom(room: IRoom): this {
    this.message.room = room;
    return this;
  }

  getRoom(): IRoom {
    return this.message.room as IRoom;
  }

  setSender(sender: IUser): this {
    this.message.sender = sender;
    return this;
  }

  getSender(): IUser {
    return this.message.sender as IUser;
  }

  setText(text: string): this {
    this.message.text = text;
    return this;
  }

  getText(): string {
    return this.message.text as string;
  }

  setEmojiAvatar(emoji: string): this {
    this.message.emoji = emoji;
    return this;
  }

  getEmojiAvatar(): string {
    return this.message.emoji as string;
  }

  setAvatarUrl(avatarUrl: string): this {
    this.message.avatarUrl = avatarUrl;
    return this;
  }

  getAvatarUrl(): string {
    return this.message.avatarUrl as string;
  }

  setUsernameAlias(alias: string): this {
    this.message.alias = alias;
    return this;
  }

  getUsernameAlias(): string {
    return this.message.alias as string;
  }

  addAttachment(attachment: IMessageAttachment): this {
    this.message.attachments = [...(this.message.attachments ?? []), attachment];
    return this;
  }

  setAttachments(attachments: IMessageAttachment[]): this {
    this.message.attachments = [...attachments];
    return this;
  }

  getAttachments(): IMessageAttachment[] {
    return this.message.attachments ?? [];
  }

  replaceAttachment(position: number, attachment: IMessageAttachment): this {
    const attachments = [...this.getAttachments()];
    if (position < 0 || position >= attachments.length) {
      throw new RangeError(`No attachment at position ${position}`);
    }
    attachments[position] = attachment;
    this.message.attachments = attachments;
    return this;
  }

  removeAttachment(position: number): this {
    const attachments = [...this.getAttachments()];
    if (position < 0 || position >= attachments.length) {
      throw new RangeError(`No attachment at position ${position}`);
    }
    attachments.splice(position, 1);
    this.message.attachments = attachments;
    return this;
  }

  setEditor(user: IUser): this {
    this.message.editor = user;
    return this;
  }

  getEditor(): IUser {
    return this.message.editor as IUser;
  }

  setGroupable(groupable: boolean): this {
    this.message.groupable = groupable;
    return this;
  }

  getGroupable(): boolean {
    return this.message.groupable as boolean;
  }

  setParseUrls(parseUrls: boolean): this {
    this.message.parseUrls = parseUrls;
    return this;
  }

  getParseUrls(): boolean {
    return this.message.parseUrls as boolean;
  }

  addBlocks(blocks: BlockBuilder | Blocks): this {
    this.message.blocks = [...(this.message.blocks ?? []), ...toBlocks(blocks)];
    return this;
  }

  setBlocks(blocks: BlockBuilder | Blocks): this {
    this.message.blocks = toBlocks(blocks);
    return this;
  }

  getBlocks(): Blocks {
    return this.message.blocks ?? [];
  }

  addCustomField(key: string, value: unknown): this {
    this.message.customFields = { ...this.message.customFields, [key]: value };
    return this;
  }

  getMessage(): IMessage {
    return { ...this.message } as IMessage;
  }
}

function toBlocks(blocks: BlockBuilder | Blocks): Blocks {
  if (Array.isArray(blocks)) {
    return [...blocks];
  }
  if (blocks && typeof (blocks as BlockBuilder).getBlocks === 'function') {
    return [...(blocks as BlockBuilder).getBlocks()] as IBlock[];
  }
  throw new TypeError('Blocks must be a BlockBuilder or an array of blocks');
}
