import type { IPersistence, IPlugboardPersistence } from '@plugboard/apps-engine';
import { sha256Base64url } from '../core/digest.ts';
import type { RecordPlace, Sealer } from './sealing.ts';

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
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  /** Stores the transaction for `ttlMs` (its `expiresAt` is checked again at the callback). */
  async save(persis: IPersistence, state: string, transaction: AuthorizationTransaction, ttlMs: number): Promise<void> {
    const digest = sha256Base64url(state);
    // Rocket.Chat ignores the TTL (its records stay until consumed); Plugboard frees them.
    await (persis as IPlugboardPersistence).update(this.recordId(digest), await this.sealer.seal(transaction, this.place(digest)), true, { ttlMs: Math.max(1, ttlMs) });
  }

  /** Removes and returns the transaction; `undefined` when unknown, already used or dropped by its TTL. */
  async consume(persis: IPersistence, state: string): Promise<AuthorizationTransaction | undefined> {
    const digest = sha256Base64url(state);
    const record = await persis.remove(this.recordId(digest));
    return record ? ((await this.sealer.unseal(record, this.place(digest))).value as AuthorizationTransaction) : undefined;
  }

  private recordId(digest: string): string {
    return `oauth2-state:${this.alias}:${digest}`;
  }

  /**
   * SECURITY 26: sealed under its state: a ciphertext moved onto another state (an attacker's own
   * pending authorization) does not open. The user is inside the seal; the state names the record.
   */
  private place(digest: string): RecordPlace {
    return { kind: 'pending-authorization', appId: this.appId, alias: this.alias, parts: [digest] };
  }
}
