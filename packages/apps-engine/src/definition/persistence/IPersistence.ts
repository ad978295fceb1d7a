import type { AssociationRecord } from '../metadata/AssociationRecord.ts';

export interface IPersistenceWriteOptions {
  /** Milliseconds until the record expires. */
  ttlMs?: number;
}

/**
 * Writes an app's records. Records are plain JSON objects; every method is scoped to the calling
 * app (one app never sees another's records).
 *
 * Matching by several associations is match-all: a record matches when it carries every one of
 * them (it may carry more).
 */
export interface IPersistence {
  /** Stores a record with no association; resolves with its new id. */
  create(data: object): Promise<string>;
  createWithAssociation(data: object, association: AssociationRecord): Promise<string>;
  createWithAssociations(data: object, associations: AssociationRecord[]): Promise<string>;
  /**
   * Replaces the record with this id; with `upsert`, creates it under this id when missing. Resolves with
   * the id. Plugboard: `options.ttlMs` makes the record expire; once expired it reads as absent and the
   * store frees it (pending OAuth authorizations use this so abandoned ones cost nothing).
   */
  update(id: string, data: object, upsert?: boolean, options?: IPersistenceWriteOptions): Promise<string>;
  updateByAssociation(association: AssociationRecord, data: object, upsert?: boolean): Promise<string>;
  /**
   * Replaces every record matching all the associations; with `upsert` and no match, creates one
   * record carrying exactly these associations. Concurrent upserts on one association set leave
   * exactly one record.
   */
  updateByAssociations(associations: AssociationRecord[], data: object, upsert?: boolean): Promise<string>;
  /** Removes a record; resolves with what it held, or `undefined` when there was none. */
  remove(id: string): Promise<object | undefined>;
  /**
   * Removes every matching record and resolves with what they held. Removal is a claim: when several
   * callers (in this process or on other hosts sharing the store) race to remove the same record,
   * exactly one of them receives it. Single-use secrets (an OAuth `state`) rely on this.
   */
  removeByAssociation(association: AssociationRecord): Promise<object[]>;
  removeByAssociations(associations: AssociationRecord[]): Promise<object[]>;
}

/** Reads an app's records. */
export interface IPersistenceRead {
  read(id: string): Promise<object | undefined>;
  readByAssociation(association: AssociationRecord): Promise<object[]>;
  readByAssociations(associations: AssociationRecord[]): Promise<object[]>;
}
