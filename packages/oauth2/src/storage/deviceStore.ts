import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import { OAuth2Error } from '../errors.ts';
import type { Sealer } from './sealing.ts';

/**
 * A device authorization being polled (RFC 8628 §3.4): who it is for, when to poll next. Every
 * host sharing the store sees it, so polling survives a restart and moves to a live host.
 */
export interface PendingDeviceAuthorization {
  /** Random; names the record and the poll lock. */
  id: string;
  userId: string;
  scopes: string[];
  issuer?: string;
  /** Several accounts: a named account or a new one; absent for the default account. */
  account?: { add: true } | { key: string };
  /** Epoch ms. */
  expiresAt: number;
  /** The current interval (RFC 8628 §3.5: grows by 5 s with every `slow_down`). */
  intervalMs: number;
  /** Epoch ms before which nobody may poll. */
  nextPollAt: number;
  /** Polls in a row that got no answer (network, 5xx): the next one waits longer. */
  failures: number;
  createdAt: number;
}

interface DeviceRecord extends Omit<PendingDeviceAuthorization, 'id'> {
  id: string;
  alias: string;
  /** The device code, or `sealed` under the client's key. */
  deviceCode?: string;
}

/**
 * Pending device authorizations of one alias. The device code is a credential (whoever holds it
 * collects the user's token), so it is sealed like a token; the schedule stays readable so any
 * host can see what is due without the key.
 */
export class DeviceStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  /** Creates the record, or (`create` false) updates its schedule without bringing back a removed one. */
  async save(persis: IPersistence, pending: PendingDeviceAuthorization, deviceCode: string, create = true): Promise<void> {
    const secret = this.sealer.seal({ deviceCode }, this.context(pending.id));
    await persis.updateByAssociations(this.associations(pending.id), { ...pending, alias: this.alias, ...secret }, create);
  }

  async list(reader: IPersistenceRead): Promise<PendingDeviceAuthorization[]> {
    const records = (await reader.readByAssociation(this.pendingAssociation())) as DeviceRecord[];
    return records.filter((record) => record.alias === this.alias && typeof record.id === 'string').map((record) => schedule(record));
  }

  async read(reader: IPersistenceRead, id: string): Promise<{ pending: PendingDeviceAuthorization; deviceCode: string } | undefined> {
    const [record] = (await reader.readByAssociations(this.associations(id))) as DeviceRecord[];
    if (!record) return undefined;
    const { deviceCode } = this.sealer.unseal(record, this.context(id)) as { deviceCode?: unknown };
    if (typeof deviceCode !== 'string' || deviceCode === '') throw new OAuth2Error('store_error', `the stored ${this.alias} device authorization is malformed`);
    return { pending: schedule(record), deviceCode };
  }

  /** Removes it; of several callers racing (on any host) exactly one gets `true`. */
  async remove(persis: IPersistence, id: string): Promise<boolean> {
    return (await persis.removeByAssociations(this.associations(id))).length > 0;
  }

  private pendingAssociation(): AssociationRecord {
    return new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-device-pending`);
  }

  private associations(id: string): AssociationRecord[] {
    return [this.pendingAssociation(), new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-device:${id}`)];
  }

  private context(id: string): string {
    return `device:${this.appId}:${this.alias}:${id}`;
  }
}

function schedule(record: DeviceRecord): PendingDeviceAuthorization {
  const pending: PendingDeviceAuthorization = {
    id: record.id,
    userId: record.userId,
    scopes: Array.isArray(record.scopes) ? record.scopes : [],
    expiresAt: record.expiresAt,
    intervalMs: record.intervalMs,
    nextPollAt: record.nextPollAt,
    failures: record.failures ?? 0,
    createdAt: record.createdAt,
  };
  if (record.issuer !== undefined) pending.issuer = record.issuer;
  if (record.account !== undefined) pending.account = record.account;
  return pending;
}
