import { createHash } from 'node:crypto';
import type { Association } from '../IPersistenceBridge.ts';
import { associationKey } from '../records.ts';

/**
 * Key names inside the Keyv (which adds its own namespace in front). Every key starts with the
 * scope (the app id), so apps never share a key:
 *   r:<scope>:<id>             a record: { d: data, a: [[model, id], ...] }
 *   m:<scope>:<assoc>          an association index's meta: { n: count, s: shard count }
 *   s:<scope>:<assoc>:<k>      shard k of that index: record ids
 */
export const storeKeys = {
  record: (scope: string, id: string) => `r:${encodeURIComponent(scope)}:${encodeURIComponent(id)}`,
  meta: (scope: string, association: Association) => `m:${encodeURIComponent(scope)}:${associationKey(association)}`,
  shard: (scope: string, association: Association, shard: number) => `s:${encodeURIComponent(scope)}:${associationKey(association)}:${shard}`,
};

/**
 * The id an upsert gives the record it creates for an association set: the set sorted and hashed,
 * so the same set in any order names the same record. Readers fetch this id together with the
 * index metas, so reading "the record of this user and alias" takes one store round trip.
 */
export function upsertId(associations: readonly Association[]): string {
  const name = [...new Set(associations.map(associationKey))].sort().join('\n');
  let id = upsertIds.get(name);
  if (id === undefined) {
    id = `u.${createHash('sha256').update(name).digest('base64url')}`;
    if (upsertIds.size >= UPSERT_ID_CACHE) {
      upsertIds.clear(); // crude bound: hot sets (a user's token) come right back
    }
    upsertIds.set(name, id);
  }
  return id;
}

/** Every read hashes its association set; the hot ones are few, so remember them. */
const UPSERT_ID_CACHE = 10_000;
const upsertIds = new Map<string, string>();

/** Lock names (per scope): one per record, per index, per association set being upserted. */
export const lockKeys = {
  record: (id: string) => `#record:${encodeURIComponent(id)}`,
  index: (association: Association) => `#index:${associationKey(association)}`,
  upsert: (associations: readonly Association[]) => `#upsert:${upsertId(associations)}`,
};
