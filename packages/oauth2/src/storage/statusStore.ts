import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import type { StatusRecord } from '../health/connectionStatus.ts';

/** A stored status and whom it is about. */
interface Stored extends StatusRecord {
  userId: string;
  alias: string;
  accountKey?: string;
}

const STATES: ReadonlySet<string> = new Set(['refreshing', 'needs_reauth', 'provider_unavailable', 'none']);

/**
 * Connection statuses, one record per user, alias and account, in the app's store so that every
 * host sees the same health. Apart from the token records (a token may be gone while its status
 * says why), and holding no secret: states, reasons, scopes and times.
 */
export class StatusStore {
  constructor(private readonly alias: string) {}

  async read(reader: IPersistenceRead, userId: string, accountKey?: string): Promise<StatusRecord | undefined> {
    const records = (await reader.readByAssociations(this.associations(userId, accountKey))) as Partial<Stored>[];
    const newest = records.reduce<Partial<Stored> | undefined>((a, b) => (!a || (b.since ?? 0) > (a.since ?? 0) ? b : a), undefined);
    return newest && typeof newest.state === 'string' && STATES.has(newest.state) && typeof newest.since === 'number' ? strip(newest as Stored) : undefined;
  }

  async write(persis: IPersistence, userId: string, record: StatusRecord, accountKey?: string): Promise<void> {
    const stored: Stored = { ...record, userId, alias: this.alias, ...(accountKey === undefined ? {} : { accountKey }) };
    await persis.updateByAssociations(this.associations(userId, accountKey), stored, true);
  }

  async remove(persis: IPersistence, userId: string, accountKey?: string): Promise<void> {
    await persis.removeByAssociations(this.associations(userId, accountKey));
  }

  private associations(userId: string, accountKey: string | undefined): AssociationRecord[] {
    const misc = accountKey === undefined ? `${this.alias}-oauth-status` : `${this.alias}-oauth-status:${accountKey}`;
    return [new AssociationRecord(AssociationModel.USER, userId), new AssociationRecord(AssociationModel.MISC, misc)];
  }
}

function strip({ userId: _userId, alias: _alias, accountKey: _accountKey, ...record }: Stored): StatusRecord {
  return record;
}
