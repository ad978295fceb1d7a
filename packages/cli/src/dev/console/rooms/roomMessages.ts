import type { IMessageAttachment, IUser } from '@plugboard/apps-engine';
import type { AppHost } from '@plugboard/apps-engine/server';
import type { RoomEntry } from './roomList.ts';

/** A message as the console shows it. */
export interface ShownMessage {
  id: string;
  sender: IUser;
  appId?: string;
  time: Date;
  text: string;
  blocks?: unknown;
  attachments?: IMessageAttachment[];
  edited: boolean;
  /** Shown only to this user (`notifyUser`), not stored in the room. */
  ephemeral: boolean;
}

/** How many of a room's newest messages a page shows. */
const SHOWN = 200;

/**
 * What the user sees in a room: its stored messages (the newest 200) and the ephemeral messages
 * apps showed this user there, oldest first.
 */
export async function roomMessages(host: AppHost, user: IUser, entry: RoomEntry): Promise<ShownMessage[]> {
  const shown: ShownMessage[] = [];
  if (entry.room) {
    const users = new Map((await host.users.list()).map((u) => [u.id, u]));
    const records = await host.chat.messages.list(entry.room.id, { sort: { createdAt: 'desc' }, limit: SHOWN });
    for (const record of records.reverse()) {
      const sender = users.get(record.senderId) ?? ({ id: record.senderId, username: record.senderId } as IUser);
      shown.push({
        id: record.id,
        sender,
        ...(record.appId === undefined ? {} : { appId: record.appId }),
        time: record.createdAt,
        text: record.text ?? '',
        ...(record.blocks === undefined ? {} : { blocks: record.blocks }),
        ...(record.attachments === undefined ? {} : { attachments: record.attachments }),
        edited: record.editedAt !== undefined,
        ephemeral: false,
      });
    }
    for (const event of host.messages) {
      if (event.recipient?.id !== user.id || event.room.id !== entry.room.id) continue;
      shown.push({
        id: event.id,
        sender: event.sender,
        ...(event.appId === undefined ? {} : { appId: event.appId }),
        time: event.time,
        text: event.message.text ?? '',
        ...(event.message.blocks === undefined ? {} : { blocks: event.message.blocks }),
        ...(event.message.attachments === undefined ? {} : { attachments: event.message.attachments }),
        edited: false,
        ephemeral: true,
      });
    }
  }
  return shown.sort((a, b) => a.time.getTime() - b.time.getTime());
}
