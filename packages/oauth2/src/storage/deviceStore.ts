import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import { OAuth2Error } from '../errors.ts';
import type { RecordPlace, Sealer } from './sealing.ts';

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

/** What any host may read without the key: enough to know when a poll is due. */
export type DeviceSchedule = Pick<PendingDeviceAuthorization, 'id' | 'userId' | 'expiresAt' | 'nextPollAt'>;

/** The part sealed under a key: the credential, and what decides where its token goes. */
interface DeviceSecret {
  deviceCode: string;
  scopes: string[];
  issuer?: string;
  account?: PendingDeviceAuthorization['account'];
}

type DeviceRecord = Omit<PendingDeviceAuthorization, 'scopes' | 'issuer' | 'account'> & { alias: string } & Partial<DeviceSecret>;

/**
 * Pending device authorizations of one alias. The device code is a credential (whoever holds it
 * collects the user's token), so it is sealed like a token, together with the scopes, issuer and
 * account that decide where the token goes; the seal names the user and the authorization, so a
 * record moved to (or rewritten for) another user does not open. The schedule stays readable so
 * any host can see what is due without the key.
 */
export class DeviceStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  /** Creates the record, or (`create` false) updates its schedule without bringing back a removed one. */
  async save(persis: IPersistence, pending: PendingDeviceAuthorization, deviceCode: string, create = true): Promise<void> {
    const { scopes, issuer, account, ...schedule } = pending;
    const secret: DeviceSecret = { deviceCode, scopes, ...(issuer === undefined ? {} : { issuer }), ...(account === undefined ? {} : { account }) };
    const record = { ...schedule, alias: this.alias, ...(await this.sealer.seal(secret, this.place(pending.userId, pending.id))) };
    await persis.updateByAssociations(this.associations(pending.id), record, create);
  }

  async list(reader: IPersistenceRead): Promise<DeviceSchedule[]> {
    const records = (await reader.readByAssociation(this.pendingAssociation())) as DeviceRecord[];
    return records
      .filter((record) => record.alias === this.alias && typeof record.id === 'string')
      .map(({ id, userId, expiresAt, nextPollAt }) => ({ id, userId, expiresAt, nextPollAt }));
  }

  async read(reader: IPersistenceRead, id: string): Promise<{ pending: PendingDeviceAuthorization; deviceCode: string } | undefined> {
    const [record] = (await reader.readByAssociations(this.associations(id))) as DeviceRecord[];
    if (!record) return undefined;
    const secret = (await this.sealer.unseal(record, this.place(record.userId, id))).value as Partial<DeviceSecret>;
    if (typeof secret.deviceCode !== 'string' || secret.deviceCode === '') throw new OAuth2Error('store_error', `the stored ${this.alias} device authorization is malformed`);
    const pending: PendingDeviceAuthorization = {
      id: record.id,
      userId: record.userId,
      scopes: Array.isArray(secret.scopes) ? secret.scopes : [],
      expiresAt: record.expiresAt,
      intervalMs: record.intervalMs,
      nextPollAt: record.nextPollAt,
      failures: record.failures ?? 0,
      createdAt: record.createdAt,
    };
    if (secret.issuer !== undefined) pending.issuer = secret.issuer;
    if (secret.account !== undefined) pending.account = secret.account;
    return { pending, deviceCode: secret.deviceCode };
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

  /** SECURITY 26: the user and the authorization; the clear `userId` is thereby authenticated too. */
  private place(userId: string, id: string): RecordPlace {
    return { kind: 'device', appId: this.appId, alias: this.alias, parts: [String(userId), id] };
  }
}
