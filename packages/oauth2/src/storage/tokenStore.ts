import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import type { IAuthData } from '../IAuthData.ts';
import { OAuth2Error } from '../errors.ts';
import type { Sealer } from './sealing.ts';

/** A user's token as stored: the auth data plus which grant produced it. */
export interface StoredToken {
  auth: IAuthData;
  /** Random per completed authorization: `waitForAccessToken` watches it change. */
  grantId: string;
  updatedAt: number;
  /** Set for the extra accounts of a user (several accounts per alias); absent for the default one. */
  accountKey?: string;
  /** Written by Rocket.Chat's own client: `auth` is normalized; the caller should write it back in this shape. */
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

  associations(userId: string, accountKey?: string): AssociationRecord[] {
    const user = new AssociationRecord(AssociationModel.USER, userId);
    if (accountKey === undefined) return [user, new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-connection`)];
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
    return records
      .filter((record): record is TokenRecord & { accountKey: string } => typeof record.accountKey === 'string')
      .map((record) => this.decode(record, userId, record.accountKey))
      .sort((a, b) => a.updatedAt - b.updatedAt);
  }

  async write(persis: IPersistence, userId: string, auth: IAuthData, grantId: string, now: number, accountKey?: string): Promise<void> {
    const meta = { userId, alias: this.alias, grantId, updatedAt: now, ...(accountKey === undefined ? {} : { accountKey }) };
    const record = { ...meta, ...this.sealer.seal(compact(auth), this.context(userId, accountKey)) };
    await persis.updateByAssociations(this.associations(userId, accountKey), record, true);
  }

  async remove(persis: IPersistence, userId: string, accountKey?: string): Promise<StoredToken | undefined> {
    const removed = (await persis.removeByAssociations(this.associations(userId, accountKey))) as TokenRecord[];
    const first = removed[0];
    return first ? this.decode(first, userId, accountKey) : undefined;
  }

  private accountsAssociation(): AssociationRecord {
    return new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-accounts`);
  }

  private decode(record: TokenRecord, userId: string, accountKey: string | undefined): StoredToken {
    if (typeof record.grantId !== 'string') {
      return this.decodeLegacy(record, accountKey);
    }
    const auth = this.sealer.unseal(record, this.context(userId, accountKey)) as Partial<IAuthData>;
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
    if (typeof record.token !== 'string' || record.token === '' || 'sealed' in record) {
      throw new OAuth2Error('store_error', `the stored ${this.alias} token record is malformed`);
    }
    const now = this.now();
    const refreshToken = typeof record.refreshToken === 'string' && record.refreshToken !== '' ? record.refreshToken : undefined;
    const seconds = typeof record.expiresAt === 'number' ? record.expiresAt : typeof record.expiresAt === 'string' && /^\d+$/.test(record.expiresAt) ? Number(record.expiresAt) : 0;
    const expiresAt = seconds <= 0 ? 0 : refreshToken ? now : now + seconds * 1000;
    const stored: StoredToken = {
      auth: compact({ token: record.token, expiresAt, scope: typeof record.scope === 'string' ? record.scope : '', refreshToken, tokenType: undefined, idToken: undefined }),
      grantId: 'rocket.chat',
      updatedAt: 0,
      legacy: true,
    };
    if (accountKey !== undefined) stored.accountKey = accountKey;
    return stored;
  }

  /** SECURITY 26: the sealing context names the record, so a ciphertext moved to another fails. */
  private context(userId: string, accountKey: string | undefined): string {
    if (accountKey === undefined) return `token:${this.appId}:${this.alias}:${userId}`;
    return `token-account:${this.appId}:${this.alias}:${JSON.stringify([userId, accountKey])}`;
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
