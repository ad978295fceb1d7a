import type { IPersistence, IPersistenceRead, IPlugboardPersistence } from '@plugboard/apps-engine';
import { OAuth2Error } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import { sha256Base64url } from '../core/digest.ts';
import type { RecordPlace, Sealer } from './sealing.ts';

/** An app-level token (client credentials grant) as cached in the store. */
export interface CachedAppToken {
  auth: IAuthData;
  /** Epoch ms when it was obtained. */
  obtainedAt: number;
  /** Epoch ms until which it may be served: its expiry, or a default when it has none. */
  usableUntil: number;
}

/** The IAuthData fields sit beside these, or sealed in `sealed` under a key. */
interface AppTokenRecord {
  obtainedAt: number;
  usableUntil: number;
}

/**
 * App tokens per alias and scope set, in one record each, shared by every host on the store and
 * gone by their own TTL once they expire. The token itself is sealed when a key is configured.
 */
export class AppTokenStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  /** The record id of a scope set; order does not matter, the scopes are hashed. */
  recordId(scopes: readonly string[]): string {
    return `oauth2-app-token:${this.alias}:${sha256Base64url([...scopes].sort().join(' '))}`;
  }

  async read(reader: IPersistenceRead, id: string): Promise<CachedAppToken | undefined> {
    const record = (await reader.read(id)) as AppTokenRecord | undefined;
    if (!record) return undefined;
    const auth = (await this.sealer.unseal(record, this.place(id))).value as Partial<IAuthData>;
    if (typeof auth.token !== 'string' || auth.token === '' || typeof record.usableUntil !== 'number') {
      throw new OAuth2Error('store_error', `the stored ${this.alias} app token record is malformed`);
    }
    return {
      auth: { token: auth.token, expiresAt: typeof auth.expiresAt === 'number' ? auth.expiresAt : 0, scope: typeof auth.scope === 'string' ? auth.scope : '', ...(auth.tokenType ? { tokenType: auth.tokenType } : {}) },
      obtainedAt: record.obtainedAt,
      usableUntil: record.usableUntil,
    };
  }

  async write(persis: IPersistence, id: string, cached: CachedAppToken, now: number): Promise<void> {
    const record = { obtainedAt: cached.obtainedAt, usableUntil: cached.usableUntil, ...(await this.sealer.seal(cached.auth, this.place(id))) };
    await (persis as IPlugboardPersistence).update(id, record, true, { ttlMs: Math.max(1, cached.usableUntil - now) });
  }

  /** SECURITY 26: the record id names the alias and the scope set; the app is named too. */
  private place(id: string): RecordPlace {
    return { kind: 'app-token', appId: this.appId, alias: this.alias, parts: [id] };
  }
}
