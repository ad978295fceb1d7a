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
}

interface TokenRecord extends Partial<IAuthData> {
  userId: string;
  alias: string;
  grantId: string;
  updatedAt: number;
}

/**
 * Tokens per user and alias. Records carry the associations Rocket.Chat apps query: the user, and
 * the misc key `<alias>-oauth-connection`; unencrypted records hold the IAuthData fields directly.
 */
export class TokenStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  associations(userId: string): AssociationRecord[] {
    return [new AssociationRecord(AssociationModel.USER, userId), new AssociationRecord(AssociationModel.MISC, `${this.alias}-oauth-connection`)];
  }

  async read(reader: IPersistenceRead, userId: string): Promise<StoredToken | undefined> {
    const records = (await reader.readByAssociations(this.associations(userId))) as TokenRecord[];
    const newest = records.reduce<TokenRecord | undefined>((a, b) => (!a || (b.updatedAt ?? 0) > (a.updatedAt ?? 0) ? b : a), undefined);
    return newest ? this.decode(newest, userId) : undefined;
  }

  async write(persis: IPersistence, userId: string, auth: IAuthData, grantId: string, now: number): Promise<void> {
    const meta = { userId, alias: this.alias, grantId, updatedAt: now };
    const record = { ...meta, ...this.sealer.seal(compact(auth), this.context(userId)) };
    await persis.updateByAssociations(this.associations(userId), record, true);
  }

  async remove(persis: IPersistence, userId: string): Promise<StoredToken | undefined> {
    const removed = (await persis.removeByAssociations(this.associations(userId))) as TokenRecord[];
    const first = removed[0];
    return first ? this.decode(first, userId) : undefined;
  }

  private decode(record: TokenRecord, userId: string): StoredToken {
    const auth = this.sealer.unseal(record, this.context(userId)) as Partial<IAuthData>;
    if (typeof auth.token !== 'string' || auth.token === '') {
      throw new OAuth2Error('store_error', `the stored ${this.alias} token record is malformed`);
    }
    return {
      auth: compact({
        token: auth.token,
        expiresAt: typeof auth.expiresAt === 'number' ? auth.expiresAt : 0,
        scope: typeof auth.scope === 'string' ? auth.scope : '',
        refreshToken: auth.refreshToken,
        tokenType: auth.tokenType,
        idToken: auth.idToken,
      }),
      grantId: record.grantId,
      updatedAt: record.updatedAt,
    };
  }

  private context(userId: string): string {
    return `token:${this.appId}:${this.alias}:${userId}`;
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
