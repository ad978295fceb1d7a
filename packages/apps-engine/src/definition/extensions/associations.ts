import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata/index.js';

/** Short names for Rocket.Chat's association classes (the same values, not copies). */
export const AssociationModel = RocketChatAssociationModel;
export type AssociationModel = RocketChatAssociationModel;
export const AssociationRecord = RocketChatAssociationRecord;
export type AssociationRecord = RocketChatAssociationRecord;
