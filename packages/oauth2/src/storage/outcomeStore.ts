import type { IPersistence, IPersistenceRead, IPlugboardPersistence } from '@plugboard/apps-engine';
import type { RecordPlace, Sealer } from './sealing.ts';

/** Denied at the provider (or the account refused), the exchange failed, or a device code expired. */
export type AuthorizationFailure = 'denied' | 'failed' | 'expired';

const FAILURES: readonly unknown[] = ['denied', 'failed', 'expired'];

/**
 * The last authorization of a user that ended without a token (`failure`), or that connected an
 * extra account (`accountKey`), whose record a waiter watching the default account would not see.
 */
export interface AuthorizationOutcome {
  id: string;
  at: number;
  failure?: AuthorizationFailure;
  accountKey?: string;
}

/**
 * Remembers, for a while, that a user's authorization ended without a token (denied at the
 * provider, exchange failed, account refused, device code expired) or added an account, so that
 * `waitForAccessToken` on any host sharing the store can stop waiting at once instead of running
 * into its timeout. Sealed under a key like the rest, so nobody with only the store can end a
 * user's wait or point it at another account.
 */
export class OutcomeStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  async record(persis: IPersistence, userId: string, outcome: AuthorizationOutcome, ttlMs: number): Promise<void> {
    await (persis as IPlugboardPersistence).update(this.recordId(userId), await this.sealer.seal(outcome, this.place(userId)), true, { ttlMs });
  }

  async read(reader: IPersistenceRead, userId: string): Promise<AuthorizationOutcome | undefined> {
    const stored = await reader.read(this.recordId(userId));
    if (!stored) return undefined;
    const record = (await this.sealer.unseal(stored, this.place(userId))).value as Partial<AuthorizationOutcome>;
    if (typeof record.id !== 'string') return undefined;
    return FAILURES.includes(record.failure) || typeof record.accountKey === 'string' ? (record as AuthorizationOutcome) : undefined;
  }

  private recordId(userId: string): string {
    return `oauth2-outcome:${this.alias}:${userId}`;
  }

  private place(userId: string): RecordPlace {
    return { kind: 'outcome', appId: this.appId, alias: this.alias, parts: [userId] };
  }
}
