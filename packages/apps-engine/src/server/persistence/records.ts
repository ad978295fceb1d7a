import { randomFillSync } from 'node:crypto';
import { PersistenceError } from '../errors.ts';
import type { Association } from './IPersistenceBridge.ts';

const ID_BYTES = 16;
/** Ids drawn from the CSPRNG at once: one call into it costs more than encoding an id. */
const ID_POOL = Buffer.alloc(ID_BYTES * 256);
let idOffset = ID_POOL.length;

/**
 * 128 random bits: ids are unguessable, so knowing one record's id reveals nothing about others.
 * The bits come from a batch drawn from the CSPRNG (as Node's randomUUID does); each is used once.
 */
export function newRecordId(): string {
  if (idOffset === ID_POOL.length) {
    randomFillSync(ID_POOL);
    idOffset = 0;
  }
  const id = ID_POOL.toString('base64url', idOffset, idOffset + ID_BYTES);
  ID_POOL.fill(0, idOffset, idOffset + ID_BYTES);
  idOffset += ID_BYTES;
  return id;
}

/** A stable string naming one association; safe inside store keys (no `:` from the parts). */
export function associationKey(association: Association): string {
  return `${encodeURIComponent(association.model)}:${encodeURIComponent(association.id)}`;
}

/** Rejects the empty list: "match all of nothing" would mean every record of the app. */
export function requireAssociations(associations: readonly Association[]): readonly Association[] {
  if (associations.length === 0) {
    throw new PersistenceError('invalid_argument', 'At least one association is required');
  }
  return checkAssociations(associations);
}

/** Checks each association's shape (an app passing `{}` gets a clear error, not a corrupt index). */
export function checkAssociations(associations: readonly Association[]): readonly Association[] {
  for (const association of associations) {
    if (typeof association.model !== 'string' || typeof association.id !== 'string' || association.model === '') {
      throw new PersistenceError('invalid_argument', 'An association needs a model and an id (strings)');
    }
  }
  return associations;
}

/** Records are JSON objects; this both checks that and detaches the stored copy from the caller's. */
export function toRecordJson(data: object): string {
  if (data === null || typeof data !== 'object') {
    throw new PersistenceError('invalid_argument', 'A record must be an object');
  }
  try {
    return JSON.stringify(data);
  } catch (error) {
    throw new PersistenceError('invalid_argument', 'A record must be JSON-serialisable', { cause: error });
  }
}

/** Whether a record carrying `carried` matches the match-all list `wanted`. */
export function carriesAll(carried: readonly Association[], wanted: readonly Association[]): boolean {
  // Lists are a handful long: comparing in place beats building their keys (this runs per candidate).
  return wanted.every(({ model, id }) => carried.some((association) => association.model === model && association.id === id));
}

/** The expiry time for a write, or `undefined` for none; rejects nonsense rather than storing forever. */
export function expiryOf(options: { ttlMs?: number } | undefined, now = Date.now()): number | undefined {
  const ttlMs = options?.ttlMs;
  if (ttlMs === undefined) {
    return undefined;
  }
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new PersistenceError('invalid_argument', 'ttlMs must be a positive number of milliseconds');
  }
  return now + ttlMs;
}
