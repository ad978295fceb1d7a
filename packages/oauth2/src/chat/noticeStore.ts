import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';

/**
 * Which re-link message stands for a user's connection (its message id; nothing secret), so that
 * the message can be brought up to date once the user re-linked: its button goes away.
 */
export class NoticeStore {
  constructor(private readonly alias: string) {}

  async read(reader: IPersistenceRead, userId: string, accountKey: string | undefined): Promise<string | undefined> {
    const [record] = (await reader.readByAssociations(this.associations(userId, accountKey))) as Array<{ messageId?: unknown }>;
    return typeof record?.messageId === 'string' ? record.messageId : undefined;
  }

  async write(persis: IPersistence, userId: string, accountKey: string | undefined, messageId: string): Promise<void> {
    await persis.updateByAssociations(this.associations(userId, accountKey), { messageId }, true);
  }

  /** `true` when this caller removed it (of several hosts hearing the same re-link, one updates the message). */
  async remove(persis: IPersistence, userId: string, accountKey: string | undefined): Promise<boolean> {
    return ((await persis.removeByAssociations(this.associations(userId, accountKey))) ?? []).length > 0;
  }

  private associations(userId: string, accountKey: string | undefined): AssociationRecord[] {
    const misc = accountKey === undefined ? `${this.alias}-oauth-relink` : `${this.alias}-oauth-relink:${accountKey}`;
    return [new AssociationRecord(AssociationModel.USER, userId), new AssociationRecord(AssociationModel.MISC, misc)];
  }
}
