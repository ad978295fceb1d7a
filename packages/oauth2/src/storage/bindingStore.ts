import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import type { IAuthData } from '../IAuthData.ts';
import type { RecordPlace, Sealer } from './sealing.ts';

/**
 * A token that came back from a callback but is not yet the chat user's (SECURITY 25): it waits for
 * the chat user to type the one-time code the callback page showed. Only the code's digest is kept.
 */
export interface PendingBinding {
  auth: IAuthData;
  /** The account the token goes to once confirmed; absent for the default one. */
  accountKey?: string;
  /** SHA-256 of the normalized code. */
  codeDigest: string;
  /** Wrong codes typed so far. */
  attempts: number;
  /** The bot's direct message with the buttons, updated once the binding is settled. */
  messageId?: string;
  /** Who signed in at the provider, as the ID token says (shown to the chat user). */
  account?: string;
  /** Failed revocations of an expired binding (kept to retry, then dropped). */
  revokeFailures?: number;
}

/** A pending binding as stored: the user and deadline in clear (for the sweep), the rest sealed. */
export interface StoredBinding {
  userId: string;
  expiresAt: number;
  binding: PendingBinding;
}

interface BindingRecord {
  userId?: unknown;
  alias?: unknown;
  expiresAt?: unknown;
}

/**
 * Pending bindings, one per user and alias (a newer callback replaces the older binding, whose
 * tokens the caller revokes), associated with the user and `<alias>-oauth-binding` so a sweep finds
 * the expired ones on any host. No store TTL: an expired binding must still be read to revoke its
 * tokens; the sweep removes it. Removal is the claim: of racing removers, on any host, one gets it.
 */
export class BindingStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  async read(reader: IPersistenceRead, userId: string): Promise<StoredBinding | undefined> {
    const [record] = (await reader.readByAssociations(this.associations(userId))) as BindingRecord[];
    return record ? this.decode(record, userId) : undefined;
  }

  /** Every pending binding's user and deadline (nothing unsealed). */
  async list(reader: IPersistenceRead): Promise<Array<{ userId: string; expiresAt: number }>> {
    const records = ((await reader.readByAssociation(this.indexAssociation())) ?? []) as BindingRecord[];
    return records.flatMap((record) => (typeof record.userId === 'string' && typeof record.expiresAt === 'number' ? [{ userId: record.userId, expiresAt: record.expiresAt }] : []));
  }

  async write(persis: IPersistence, stored: StoredBinding): Promise<void> {
    // The deadline is sealed too (the clear copy only lets a sweep find it): a store writer cannot extend it.
    const sealed = await this.sealer.seal({ ...stored.binding, deadline: stored.expiresAt }, this.place(stored.userId));
    await persis.updateByAssociations(this.associations(stored.userId), { userId: stored.userId, alias: this.alias, expiresAt: stored.expiresAt, ...sealed }, true);
  }

  /** Removes the user's pending binding and returns it when this caller removed it. */
  async claim(persis: IPersistence, userId: string): Promise<StoredBinding | undefined> {
    const [record] = (await persis.removeByAssociations(this.associations(userId))) as BindingRecord[];
    return record ? this.decode(record, userId) : undefined;
  }

  private async decode(record: BindingRecord, userId: string): Promise<StoredBinding> {
    const { userId: _userId, alias: _alias, expiresAt: _clear, ...rest } = record as BindingRecord & Record<string, unknown>;
    const { deadline, ...binding } = (await this.sealer.unseal(rest, this.place(userId))).value as PendingBinding & { deadline?: unknown };
    return { userId, expiresAt: typeof deadline === 'number' ? deadline : 0, binding };
  }

  private associations(userId: string): AssociationRecord[] {
    return [new AssociationRecord(AssociationModel.USER, userId), this.indexAssociation()];
  }

  private indexAssociation(): AssociationRecord {
    return new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-binding`);
  }

  /** SECURITY 26: sealed under its user, so a binding copied onto another user's record does not open. */
  private place(userId: string): RecordPlace {
    return { kind: 'pending-binding', appId: this.appId, alias: this.alias, parts: [userId] };
  }
}
