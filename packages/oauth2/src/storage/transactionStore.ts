import { createHash } from 'node:crypto';
import type { IPersistence, IPlugboardPersistence } from '@plugboard/apps-engine';
import type { Sealer } from './sealing.ts';

/** Everything the callback needs to finish one authorization (SECURITY 3). */
export interface AuthorizationTransaction {
  appId: string;
  alias: string;
  userId: string;
  issuer?: string;
  redirectUri: string;
  scopes: string[];
  codeVerifier: string;
  nonce?: string;
  /** Several accounts: a named account (`key`) or a new one (`add`); absent for the default account. */
  account?: { add: true } | { key: string };
  expiresAt: number;
}

/**
 * Pending authorizations, one record per `state`, stored under a hash of the state (the raw state
 * never becomes a key that monitoring could see) with a TTL, and consumed by a claiming remove:
 * of two racing callbacks, on one host or two, exactly one gets the transaction (SECURITY 7).
 */
export class TransactionStore {
  constructor(
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  /** Stores the transaction for `ttlMs` (its `expiresAt` is checked again at the callback). */
  async save(persis: IPersistence, state: string, transaction: AuthorizationTransaction, ttlMs: number): Promise<void> {
    const id = this.recordId(state);
    // Sealed with its own record id as additional data: a ciphertext moved to another state fails.
    // Rocket.Chat ignores the TTL (its records stay until consumed); Plugboard frees them.
    await (persis as IPlugboardPersistence).update(id, this.sealer.seal(transaction, id), true, { ttlMs: Math.max(1, ttlMs) });
  }

  /** Removes and returns the transaction; `undefined` when unknown, already used or dropped by its TTL. */
  async consume(persis: IPersistence, state: string): Promise<AuthorizationTransaction | undefined> {
    const id = this.recordId(state);
    const record = await persis.remove(id);
    return record ? (this.sealer.unseal(record, id) as AuthorizationTransaction) : undefined;
  }

  private recordId(state: string): string {
    return `oauth2-state:${this.alias}:${createHash('sha256').update(state).digest('base64url')}`;
  }
}
