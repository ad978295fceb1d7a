import type { IPersistence, IPersistenceRead, IPlugboardPersistence } from '@plugboard/apps-engine';

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
 * into its timeout.
 */
export class OutcomeStore {
  constructor(private readonly alias: string) {}

  async record(persis: IPersistence, userId: string, outcome: AuthorizationOutcome, ttlMs: number): Promise<void> {
    await (persis as IPlugboardPersistence).update(this.recordId(userId), outcome, true, { ttlMs });
  }

  async read(reader: IPersistenceRead, userId: string): Promise<AuthorizationOutcome | undefined> {
    const record = (await reader.read(this.recordId(userId))) as Partial<AuthorizationOutcome> | undefined;
    if (!record || typeof record.id !== 'string') return undefined;
    return FAILURES.includes(record.failure) || typeof record.accountKey === 'string' ? (record as AuthorizationOutcome) : undefined;
  }

  private recordId(userId: string): string {
    return `oauth2-outcome:${this.alias}:${userId}`;
  }
}
