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

/** Lock names (per scope): one per record, per index, per association set being upserted. */
export const lockKeys = {
  record: (id: string) => `#record:${encodeURIComponent(id)}`,
  index: (association: Association) => `#index:${associationKey(association)}`,
  /** The set is sorted and hashed: the same set in any order is the same lock, and the key stays short. */
  upsert: (associations: readonly Association[]) =>
    `#upsert:${createHash('sha256').update([...new Set(associations.map(associationKey))].sort().join('\n')).digest('base64url')}`,
};
