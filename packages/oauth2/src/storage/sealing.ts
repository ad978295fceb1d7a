import { decryptJson, encryptJson, isEncryptedEnvelope, type EncryptedEnvelope } from './encryption.ts';
import { OAuth2Error } from '../errors.ts';

/**
 * Seals a record's secret part when a key is configured; passes it through otherwise. One place
 * decides, so tokens and pending authorizations are protected alike.
 */
export class Sealer {
  constructor(private readonly key: Buffer | undefined) {}

  seal(value: object, context: string): object | { sealed: EncryptedEnvelope } {
    return this.key ? { sealed: encryptJson(this.key, value, context) } : value;
  }

  unseal(record: object, context: string): unknown {
    const sealed = (record as { sealed?: unknown }).sealed;
    if (sealed === undefined) {
      return record;
    }
    if (!isEncryptedEnvelope(sealed)) {
      throw new OAuth2Error('store_error', 'a stored record has an unreadable envelope');
    }
    if (!this.key) {
      throw new OAuth2Error('store_error', 'a stored token is encrypted but no encryptionKey is configured');
    }
    return decryptJson(this.key, sealed, context);
  }
}
