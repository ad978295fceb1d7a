import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import { randomToken } from '../core/random.ts';
import type { IAuthData } from '../IAuthData.ts';
import { OAuth2Error } from '../errors.ts';
import type { RecordPlace, Sealer } from './sealing.ts';

/** A user's token as stored: the auth data plus which grant produced it. */
export interface StoredToken {
  auth: IAuthData;
  /** Random per completed authorization: `waitForAccessToken` watches it change. */
  grantId: string;
  updatedAt: number;
  /** Set for the extra accounts of a user (several accounts per alias); absent for the default one. */
  accountKey?: string;
  /**
   * The record should be written again in this client's current form: written by Rocket.Chat's own
   * client (`auth` is normalized), in clear (a migration), or sealed under an older key or layout.
   */
  legacy?: true;
}

/** A stored record: ours, or Rocket.Chat's client's (`expiresAt` relative seconds or `''`, `refreshToken: ''`, no grant id). */
interface TokenRecord extends Omit<Partial<IAuthData>, 'expiresAt'> {
  userId?: string;
  alias?: string;
  grantId?: string;
  updatedAt?: number;
  accountKey?: string;
  expiresAt?: number | string;
}

/** The grant id of a record Rocket.Chat's own client wrote (it has none). */
const ROCKET_CHAT_GRANT = 'rocket.chat';

/** What the migration found for one record. */
export type MigrationState = 'current' | 'plaintext' | 'stale';

/**
 * Tokens per user and alias. The default account's record carries the associations Rocket.Chat
 * apps query: the user, and the misc key `<alias>-oauth-connection`; unencrypted records hold the
 * IAuthData fields directly. A user's other accounts (several accounts per alias) are records of
 * their own, associated with the user, `<alias>-oauth-accounts` and `<alias>-oauth-account:<key>`:
 * never with `<alias>-oauth-connection`, so a reader of the default record never sees them.
 */
export class TokenStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether records are sealed (the client has a key). */
  get sealing(): boolean {
    return this.sealer.active;
  }

  associations(userId: string, accountKey?: string): AssociationRecord[] {
    const user = new AssociationRecord(AssociationModel.USER, userId);
    if (accountKey === undefined) return [user, this.connectionAssociation()];
    return [user, this.accountsAssociation(), new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-account:${accountKey}`)];
  }

  async read(reader: IPersistenceRead, userId: string, accountKey?: string): Promise<StoredToken | undefined> {
    const records = (await reader.readByAssociations(this.associations(userId, accountKey))) as TokenRecord[];
    const newest = records.reduce<TokenRecord | undefined>((a, b) => (!a || (b.updatedAt ?? 0) > (a.updatedAt ?? 0) ? b : a), undefined);
    return newest ? this.decode(newest, userId, accountKey) : undefined;
  }

  /** The user's extra accounts (not the default one), oldest first. */
  async listAccounts(reader: IPersistenceRead, userId: string): Promise<StoredToken[]> {
    const user = new AssociationRecord(AssociationModel.USER, userId);
    const records = (await reader.readByAssociations([user, this.accountsAssociation()])) as TokenRecord[];
    const keyed = records.filter((record): record is TokenRecord & { accountKey: string } => typeof record.accountKey === 'string');
    const decoded = await Promise.all(keyed.map((record) => this.decode(record, userId, record.accountKey)));
    return decoded.sort((a, b) => a.updatedAt - b.updatedAt);
  }

  /**
   * Every stored grant of this alias that names its user (the default and the extra accounts):
   * whom each is about, read from the records' clear fields (nothing is unsealed). Rocket.Chat's
   * own records name no user and are not listed.
   */
  async listGrants(reader: IPersistenceRead): Promise<Array<{ userId: string; accountKey?: string }>> {
    const [defaults, extras] = await Promise.all([
      reader.readByAssociation(this.connectionAssociation()) as Promise<TokenRecord[]>,
      reader.readByAssociation(this.accountsAssociation()) as Promise<TokenRecord[]>,
    ]);
    const grants = new Map<string, { userId: string; accountKey?: string }>();
    for (const record of [...(defaults ?? []), ...(extras ?? [])]) {
      if (typeof record.userId !== 'string') continue;
      const accountKey = typeof record.accountKey === 'string' ? record.accountKey : undefined;
      grants.set(JSON.stringify([record.userId, accountKey ?? null]), accountKey === undefined ? { userId: record.userId } : { userId: record.userId, accountKey });
    }
    return [...grants.values()];
  }

  async write(persis: IPersistence, userId: string, auth: IAuthData, grantId: string, now: number, accountKey?: string): Promise<void> {
    const meta = { userId, alias: this.alias, grantId, updatedAt: now, ...(accountKey === undefined ? {} : { accountKey }) };
    const record = { ...meta, ...(await this.sealer.seal(compact(auth), this.place(userId, accountKey))) };
    await persis.updateByAssociations(this.associations(userId, accountKey), record, true);
  }

  /** Removes the record; `true` when this caller removed one (of racing callers, on any host, one does). */
  async remove(persis: IPersistence, userId: string, accountKey?: string): Promise<boolean> {
    return (await persis.removeByAssociations(this.associations(userId, accountKey))).length > 0;
  }

  /**
   * The migration step (`migrateStoredRecords`): every token record of this alias that names its
   * user (the default and the extra accounts), and Rocket.Chat's records (which name their user
   * only by association) of `userIds`, read even in clear, and written again sealed with the newest
   * key when they were in clear, under an older key or layout, or in Rocket.Chat's shape.
   */
  async migrateAll(reader: IPersistenceRead, persis: IPersistence, userIds: readonly string[]): Promise<MigrationState[]> {
    const [defaults, extras, ...perUser] = await Promise.all([
      reader.readByAssociation(this.connectionAssociation()) as Promise<TokenRecord[]>,
      reader.readByAssociation(this.accountsAssociation()) as Promise<TokenRecord[]>,
      ...userIds.map((userId) => reader.readByAssociations(this.associations(userId)) as Promise<TokenRecord[]>),
    ]);
    const found: Array<[TokenRecord, string, string | undefined]> = [];
    for (const record of [...(defaults ?? []), ...(extras ?? [])]) {
      if (typeof record.userId === 'string') found.push([record, record.userId, typeof record.accountKey === 'string' ? record.accountKey : undefined]);
    }
    userIds.forEach((userId, index) => {
      for (const record of perUser[index] ?? []) if (record.userId === undefined) found.push([record, userId, undefined]);
    });
    const states: MigrationState[] = [];
    for (const [record, userId, accountKey] of found) {
      const plaintext = (record as { sealed?: unknown }).sealed === undefined;
      const stored = await this.decode(record, userId, accountKey, true);
      if (!stored.legacy) {
        states.push('current');
        continue;
      }
      await this.rewrite(persis, userId, stored);
      states.push(plaintext ? 'plaintext' : 'stale');
    }
    return states;
  }

  /** Writes a `legacy` record again in the current form: sealed with the newest key, our shape. */
  async rewrite(persis: IPersistence, userId: string, stored: StoredToken): Promise<StoredToken> {
    const fromRocketChat = stored.grantId === ROCKET_CHAT_GRANT;
    const current: StoredToken = {
      auth: stored.auth,
      // A Rocket.Chat record gets a grant id of its own; a re-sealed one keeps its own (waiters see no new grant).
      grantId: fromRocketChat ? randomToken(16) : stored.grantId,
      updatedAt: fromRocketChat ? this.now() : stored.updatedAt,
      ...(stored.accountKey === undefined ? {} : { accountKey: stored.accountKey }),
    };
    await this.write(persis, userId, current.auth, current.grantId, current.updatedAt, stored.accountKey);
    return current;
  }

  private connectionAssociation(): AssociationRecord {
    return new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-connection`);
  }

  private accountsAssociation(): AssociationRecord {
    return new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-accounts`);
  }

  private async decode(record: TokenRecord, userId: string, accountKey: string | undefined, acceptPlaintext = false): Promise<StoredToken> {
    const opened = await this.sealer.unseal(record, this.place(userId, accountKey), { acceptPlaintext });
    if (typeof record.grantId !== 'string') return this.decodeLegacy(opened.value as TokenRecord, accountKey);
    const auth = opened.value as Partial<IAuthData>;
    if (typeof auth.token !== 'string' || auth.token === '') {
      throw new OAuth2Error('store_error', `the stored ${this.alias} token record is malformed`);
    }
    const stored: StoredToken = {
      auth: compact({
        token: auth.token,
        expiresAt: typeof auth.expiresAt === 'number' ? auth.expiresAt : 0,
        scope: typeof auth.scope === 'string' ? auth.scope : '',
        refreshToken: auth.refreshToken,
        tokenType: auth.tokenType,
        idToken: auth.idToken,
      }),
      grantId: record.grantId,
      updatedAt: record.updatedAt ?? 0,
    };
    if (accountKey !== undefined) stored.accountKey = accountKey;
    if (opened.stale) stored.legacy = true;
    return stored;
  }

  /**
   * A record Rocket.Chat's own client wrote (same associations, plain fields, no grant id). It
   * stored the provider's `expires_in` (relative seconds) as `expiresAt`, or `''` when there was
   * none, and `''` for a missing refresh token. When it was written is not recorded, so a
   * refreshable token is due at once (the refresh gives a real expiry); one without a refresh
   * token is taken to last `expires_in` from now. `''` means no lifetime was given (our `0`).
   */
  private decodeLegacy(record: TokenRecord, accountKey: string | undefined): StoredToken {
    if (typeof record.token !== 'string' || record.token === '') {
      throw new OAuth2Error('store_error', `the stored ${this.alias} token record is malformed`);
    }
    const now = this.now();
    const refreshToken = typeof record.refreshToken === 'string' && record.refreshToken !== '' ? record.refreshToken : undefined;
    const seconds = typeof record.expiresAt === 'number' ? record.expiresAt : typeof record.expiresAt === 'string' && /^\d+$/.test(record.expiresAt) ? Number(record.expiresAt) : 0;
    const expiresAt = seconds <= 0 ? 0 : refreshToken ? now : now + seconds * 1000;
    const stored: StoredToken = {
      auth: compact({ token: record.token, expiresAt, scope: typeof record.scope === 'string' ? record.scope : '', refreshToken, tokenType: undefined, idToken: undefined }),
      grantId: ROCKET_CHAT_GRANT,
      updatedAt: 0,
      legacy: true,
    };
    if (accountKey !== undefined) stored.accountKey = accountKey;
    return stored;
  }

  /** SECURITY 26: the seal names app, alias, kind, user (and account), so a ciphertext moved to another record fails. */
  private place(userId: string, accountKey: string | undefined): RecordPlace {
    if (accountKey === undefined) {
      return { kind: 'token', appId: this.appId, alias: this.alias, parts: [userId], legacy: `token:${this.appId}:${this.alias}:${userId}` };
    }
    return {
      kind: 'account',
      appId: this.appId,
      alias: this.alias,
      parts: [userId, accountKey],
      legacy: `token-account:${this.appId}:${this.alias}:${JSON.stringify([userId, accountKey])}`,
    };
  }
}

/** Drops undefined optional fields (exactOptionalPropertyTypes, and tidy records). */
function compact(auth: { [K in keyof IAuthData]: IAuthData[K] | undefined }): IAuthData {
  const out: IAuthData = { token: auth.token as string, expiresAt: auth.expiresAt as number, scope: auth.scope as string };
  if (typeof auth.refreshToken === 'string' && auth.refreshToken) out.refreshToken = auth.refreshToken;
  if (typeof auth.tokenType === 'string' && auth.tokenType) out.tokenType = auth.tokenType;
  if (typeof auth.idToken === 'string' && auth.idToken) out.idToken = auth.idToken;
  return out;
}
