import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { VIEWS } from './constants';

function association(user: IUser): RocketChatAssociationRecord[] {
    return [
        new RocketChatAssociationRecord(RocketChatAssociationModel.USER, user.id),
        new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'example-preferences'),
    ];
}

export async function readPreference(read: IRead, user: IUser): Promise<string> {
    const [record] = (await read.getPersistenceReader().readByAssociations(association(user))) as Array<{ colour?: string }>;
    return (record && record.colour) || '';
}

export async function savePreference(persistence: IPersistence, user: IUser, colour: string): Promise<void> {
    await persistence.updateByAssociations(association(user), { colour }, true);
}

/** A modal with one text input, pre-filled with the saved colour. */
export function preferencesModal(modify: IModify, colour: string): IUIKitModalViewParam {
    const blocks = modify.getCreator().getBlockBuilder();
    blocks.addInputBlock({
        blockId: 'colour',
        label: blocks.newPlainTextObject('Favourite colour'),
        element: blocks.newPlainTextInputElement({ actionId: 'value', initialValue: colour, placeholder: blocks.newPlainTextObject('e.g. teal') }),
    });
    return {
        id: VIEWS.preferences,
        title: blocks.newPlainTextObject('Preferences'),
        blocks: blocks.getBlocks(),
        submit: blocks.newButtonElement({ text: blocks.newPlainTextObject('Save') }),
        close: blocks.newButtonElement({ text: blocks.newPlainTextObject('Cancel') }),
        notifyOnClose: true,
    };
}
