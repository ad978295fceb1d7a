import type { IPersistence, IPersistenceRead } from '@plugboard/apps-engine';

export type AuthorizationFailure = 'denied' | 'failed';

/** The last authorization of a user that ended without a token. */
export interface AuthorizationOutcome {
  id: string;
  failure: AuthorizationFailure;
  at: number;
}

/**
 * Remembers, for a while, that a user's authorization ended without a token (denied at the
 * provider, exchange failed, account refused), so that `waitForAccessToken` on any host sharing
 * the store can stop waiting at once instead of running into its timeout.
 */
export class OutcomeStore {
  constructor(private readonly alias: string) {}

  async record(persis: IPersistence, userId: string, outcome: AuthorizationOutcome, ttlMs: number): Promise<void> {
    await persis.update(this.recordId(userId), outcome, true, { ttlMs });
  }

  async read(reader: IPersistenceRead, userId: string): Promise<AuthorizationOutcome | undefined> {
    const record = (await reader.read(this.recordId(userId))) as Partial<AuthorizationOutcome> | undefined;
    return record && typeof record.id === 'string' && (record.failure === 'denied' || record.failure === 'failed') ? (record as AuthorizationOutcome) : undefined;
  }

  private recordId(userId: string): string {
    return `oauth2-outcome:${this.alias}:${userId}`;
  }
}
