import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

/** Posts `text` (and blocks) from the app's bot user in its direct room with `user`, creating the room the first time. */
export async function sendDirect(read: IRead, modify: IModify, user: IUser, text: string, blocks?: BlockBuilder): Promise<string> {
    const bot = await read.getUserReader().getAppUser();
    if (!bot) {
        throw new Error('the app has no bot user');
    }
    // Rocket.Chat resolves undefined when the two have no direct room yet.
    let room: IRoom | undefined = await read.getRoomReader().getDirectByUsernames([user.username, bot.username]);
    if (!room) {
        const creator = modify.getCreator();
        const roomId = await creator.finish(
            creator.startRoom().setType(RoomType.DIRECT_MESSAGE).setCreator(bot).setMembersToBeAddedByUsernames([user.username, bot.username]),
        );
        room = await read.getRoomReader().getById(roomId);
    }
    if (!room) {
        throw new Error('the direct room could not be created');
    }
    const message = modify.getCreator().startMessage().setRoom(room).setSender(bot).setText(text);
    if (blocks) {
        message.setBlocks(blocks);
    }
    return modify.getCreator().finish(message);
}
