/** What a persisted record can be associated with (Rocket.Chat's `RocketChatAssociationModel`). */
export enum AssociationModel {
  ROOM = 'room',
  DISCUSSION = 'discussion',
  MESSAGE = 'message',
  LIVECHAT_MESSAGE = 'livechat-message',
  USER = 'user',
  FILE = 'file',
  MISC = 'misc',
  VIDEO_CONFERENCE = 'video-conference',
}

/** One association of a persisted record: a model and an id within it. */
export class AssociationRecord {
  constructor(
    private readonly model: AssociationModel,
    private readonly id: string,
  ) {}

  getModel(): AssociationModel {
    return this.model;
  }

  getID(): string {
    return this.id;
  }
}

/** Rocket.Chat's names, kept so that ported apps only change their imports. */
export { AssociationModel as RocketChatAssociationModel, AssociationRecord as RocketChatAssociationRecord };
