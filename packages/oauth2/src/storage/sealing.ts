import { isEncryptedEnvelope, type EncryptedEnvelope, type KeyRing } from './encryption.ts';
import { OAuth2Error } from '../errors.ts';

/** Every kind of record a client seals; each names its place differently. */
export type RecordKind = 'token' | 'account' | 'pending-authorization' | 'outcome' | 'app-token' | 'device' | 'pending-binding';

/**
 * Where a sealed record lives (SECURITY 26): its kind, app, alias and the rest of its address
 * (the user, the account key, the state or scope digest, the device authorization id). It is the
 * additional data of the seal, so a ciphertext copied to any other place does not open.
 */
export interface RecordPlace {
  kind: RecordKind;
  appId: string;
  alias: string;
  /** The user first where the record belongs to one. */
  parts: readonly string[];
  /**
   * The additional data of the first sealing layout (envelopes without `v`), for long-lived kinds
   * whose old records may still be read: it named app, alias, user (and account) too. Short-lived
   * kinds leave it out: their old records are refused and the user simply starts again.
   */
  legacy?: string;
}

export function additionalData(place: RecordPlace): string {
  return JSON.stringify(['plugboard-oauth2', 2, place.kind, place.appId, place.alias, ...place.parts]);
}

/** A record read back: its secret part, and whether it should be written again (older key or layout). */
export interface Unsealed {
  value: unknown;
  stale: boolean;
  /** The record was stored in clear (only possible without a key, or during a migration). */
  plaintext: boolean;
}

/**
 * Seals a record's secret part when the client has keys; passes it through otherwise. One place
 * decides, so every kind of record is protected alike. Under a key an unsealed record is refused:
 * a store writer must not be able to plant a token or a pending authorization in clear. Existing
 * clear records are sealed only by the explicit migration (`migrateStoredRecords`).
 */
export class Sealer {
  constructor(private readonly keys: KeyRing | undefined) {}

  get active(): boolean {
    return this.keys !== undefined;
  }

  async seal(value: object, place: RecordPlace): Promise<object> {
    return this.keys ? { sealed: await this.keys.seal(value, additionalData(place)) } : value;
  }

  async unseal(record: object, place: RecordPlace, options: { acceptPlaintext?: boolean } = {}): Promise<Unsealed> {
    const sealed = (record as { sealed?: unknown }).sealed;
    if (sealed === undefined) {
      if (this.keys && !options.acceptPlaintext) {
        throw new OAuth2Error('store_error', `a ${place.kind} record in clear was refused: this client seals its records (tokens written before the key: migrateStoredRecords)`);
      }
      return { value: record, stale: this.keys !== undefined, plaintext: true };
    }
    if (!isEncryptedEnvelope(sealed)) throw new OAuth2Error('store_error', 'a stored record has an unreadable envelope');
    if (!this.keys) throw new OAuth2Error('store_error', 'a stored record is encrypted but no encryptionKey is configured');
    const envelope: EncryptedEnvelope = sealed;
    const data = envelope.v === 2 ? additionalData(place) : place.legacy;
    if (data === undefined) throw new OAuth2Error('store_error', `a ${place.kind} record sealed by an older version was refused`);
    const { value, keyIndex } = await this.keys.open(envelope, data);
    return { value, stale: keyIndex > 0 || envelope.v !== 2, plaintext: false };
  }
}
