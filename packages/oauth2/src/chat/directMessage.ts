import { RoomType, type IModify, type IRead, type IRoom, type IUser } from '@plugboard/apps-engine';

/** A message from the app's bot: text (what clients without blocks and notifications show) and UIKit blocks. */
export interface BotMessage {
  text: string;
  blocks?: readonly object[];
}

/**
 * The direct room of `user` and the app's bot user, created when they have none; `undefined` when
 * the host gives the app no bot user. Rocket.Chat's own calls, so it works there too.
 */
export async function directRoomWithBot(read: IRead, modify: IModify, user: IUser): Promise<{ room: IRoom; bot: IUser } | undefined> {
  const bot = await read.getUserReader().getAppUser();
  if (!bot) return undefined;
  const usernames = [bot.username, user.username];
  const existing = await read.getRoomReader().getDirectByUsernames(usernames).catch(() => undefined);
  if (existing) return { room: existing, bot };
  const creator = modify.getCreator();
  const id = await creator.finish(creator.startRoom().setType(RoomType.DIRECT_MESSAGE).setCreator(bot).setMembersToBeAddedByUsernames(usernames));
  const room = await read.getRoomReader().getById(id);
  return room ? { room, bot } : undefined;
}

/** Posts `message` from the app's bot in its direct room with `user`; the message id, or `undefined` without a bot user. */
export async function sendDirectMessage(read: IRead, modify: IModify, user: IUser, message: BotMessage): Promise<string | undefined> {
  const direct = await directRoomWithBot(read, modify, user);
  if (!direct) return undefined;
  const creator = modify.getCreator();
  const builder = creator.startMessage().setRoom(direct.room).setSender(direct.bot).setText(message.text);
  if (message.blocks) builder.setBlocks(message.blocks as never);
  return creator.finish(builder);
}

/** Replaces a bot message's text and blocks (buttons that did their job go away); quiet when it is gone. */
export async function updateDirectMessage(read: IRead, modify: IModify, messageId: string, message: BotMessage): Promise<boolean> {
  const bot = await read.getUserReader().getAppUser();
  if (!bot) return false;
  try {
    const updater = modify.getUpdater();
    const builder = (await updater.message(messageId, bot)).setEditor(bot).setText(message.text).setBlocks((message.blocks ?? []) as never);
    await updater.finish(builder);
    return true;
  } catch {
    return false; // deleted by the user or an admin: nothing to update
  }
}
