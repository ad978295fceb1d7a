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

/** At most this many pending authorizations are kept in memory; the oldest go first. */
export const MAX_IN_MEMORY = 10_000;

/**
 * Pending authorizations, one record per `state`, stored under a hash of the state (the raw state
 * never becomes a key that monitoring could see) with a TTL, and consumed by a claiming remove:
 * of two racing callbacks, on one host or two, exactly one gets the transaction (SECURITY 7).
 * Where the host gives no persistence outside handlers and the app passed none, they are kept in
 * this process instead (single instance), until their expiry or the cap.
 */
export class TransactionStore {
  constructor(
    private readonly appId: string,
    private readonly alias: string,
    private readonly sealer: Sealer,
  ) {}

  private readonly inMemory = new Map<string, AuthorizationTransaction>();

  /** Stores the transaction for `ttlMs` (its `expiresAt` is checked again at the callback); in memory without `persis`. */
  async save(persis: IPersistence | undefined, state: string, transaction: AuthorizationTransaction, ttlMs: number): Promise<void> {
    const digest = sha256Base64url(state);
    if (!persis) {
      this.remember(digest, transaction);
      return;
    }
    // Rocket.Chat ignores the TTL (its records stay until consumed); Plugboard frees them.
    await (persis as IPlugboardPersistence).update(this.recordId(digest), await this.sealer.seal(transaction, this.place(digest)), true, { ttlMs: Math.max(1, ttlMs) });
  }

  /** Removes and returns the transaction; `undefined` when unknown, already used or dropped by its TTL. */
  async consume(persis: IPersistence, state: string): Promise<AuthorizationTransaction | undefined> {
    const digest = sha256Base64url(state);
    const held = this.inMemory.get(digest);
    if (held && this.inMemory.delete(digest)) return held;
    const record = await persis.remove(this.recordId(digest));
    return record ? ((await this.sealer.unseal(record, this.place(digest))).value as AuthorizationTransaction) : undefined;
  }

  private remember(digest: string, transaction: AuthorizationTransaction): void {
    const now = Date.now();
    for (const [key, held] of this.inMemory) if (held.expiresAt <= now) this.inMemory.delete(key);
    if (this.inMemory.size >= MAX_IN_MEMORY) this.inMemory.delete(this.inMemory.keys().next().value as string);
    this.inMemory.set(digest, transaction);
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
