import { InProcessLockBridge } from '../locks/InProcessLockBridge.ts';
import { PersistenceError } from '../errors.ts';
import type { Association, IPersistenceBridge, RecordOptions } from './IPersistenceBridge.ts';
import { associationKey, carriesAll, checkAssociations, expiryOf, newRecordId, requireAssociations, toRecordJson } from './records.ts';

interface StoredRecord {
  json: string;
  associations: readonly Association[];
  /** Expiry (epoch ms) of a record written with a ttl, and the timer that frees it then. */
  expiresAt?: number;
  timer?: NodeJS.Timeout;
}

interface Scope {
  records: Map<string, StoredRecord>;
  /** association key -> ids of the records carrying it */
  index: Map<string, Set<string>>;
}

/**
 * A bridge kept in this process's memory, written the way a host author would write one: every
 * method does its work without awaiting in between, so claims and upserts are atomic for free.
 * (The host's default is the Keyv bridge over an in-memory Keyv; this one is the short reference.)
 */
export class MemoryPersistenceBridge implements IPersistenceBridge {
  readonly locks = new InProcessLockBridge();
  private readonly scopes = new Map<string, Scope>();

  async create(appId: string, data: object, associations: readonly Association[]): Promise<string> {
    const id = newRecordId();
    this.put(this.scope(appId), id, toRecordJson(data), checkAssociations(associations));
    return id;
  }

  async read(appId: string, id: string): Promise<object | undefined> {
    const record = this.live(this.scope(appId), id);
    return record && JSON.parse(record.json);
  }

  async readByAssociations(appId: string, associations: readonly Association[]): Promise<object[]> {
    return this.matching(this.scope(appId), associations).map(([, record]) => JSON.parse(record.json));
  }

  async update(appId: string, id: string, data: object, upsert: boolean, options?: RecordOptions): Promise<string> {
    const json = toRecordJson(data);
    const expiresAt = expiryOf(options);
    const scope = this.scope(appId);
    let record = this.live(scope, id);
    if (record) {
      record.json = json;
    } else if (upsert) {
      record = this.put(scope, id, json, []);
    } else {
      throw new PersistenceError('not_found', 'No record with this id');
    }
    this.expire(scope, id, record, expiresAt);
    return id;
  }

  async updateByAssociations(appId: string, associations: readonly Association[], data: object, upsert: boolean): Promise<string> {
    const json = toRecordJson(data);
    const scope = this.scope(appId);
    const matches = this.matching(scope, associations);
    for (const [, record] of matches) {
      record.json = json;
    }
    const first = matches[0];
    if (first) {
      return first[0];
    }
    if (!upsert) {
      throw new PersistenceError('not_found', 'No record carries these associations');
    }
    const id = newRecordId();
    this.put(scope, id, json, associations);
    return id;
  }

  async remove(appId: string, id: string): Promise<object | undefined> {
    const scope = this.scope(appId);
    const record = this.live(scope, id);
    if (!record) {
      return undefined;
    }
    this.drop(scope, id, record);
    return JSON.parse(record.json);
  }

  async removeByAssociations(appId: string, associations: readonly Association[]): Promise<object[]> {
    const scope = this.scope(appId);
    return this.matching(scope, associations).map(([id, record]) => {
      this.drop(scope, id, record);
      return JSON.parse(record.json);
    });
  }

  private scope(appId: string): Scope {
    let scope = this.scopes.get(appId);
    if (!scope) {
      scope = { records: new Map(), index: new Map() };
      this.scopes.set(appId, scope);
    }
    return scope;
  }

  private matching(scope: Scope, associations: readonly Association[]): Array<[string, StoredRecord]> {
    requireAssociations(associations);
    // Walk the smallest index; the others are checked on the record itself.
    let smallest: Set<string> | undefined;
    for (const association of associations) {
      const ids = scope.index.get(associationKey(association));
      if (!ids) {
        return [];
      }
      if (!smallest || ids.size < smallest.size) {
        smallest = ids;
      }
    }
    const found: Array<[string, StoredRecord]> = [];
    for (const id of [...(smallest ?? [])]) {
      const record = this.live(scope, id);
      if (record && carriesAll(record.associations, associations)) {
        found.push([id, record]);
      }
    }
    return found;
  }

  /** The record unless it has expired (an expired one is dropped on the way). */
  private live(scope: Scope, id: string): StoredRecord | undefined {
    const record = scope.records.get(id);
    if (record?.expiresAt !== undefined && record.expiresAt <= Date.now()) {
      this.drop(scope, id, record);
      return undefined;
    }
    return record;
  }

  /** Sets (or clears) a record's expiry; a timer frees it so abandoned records cost no memory. */
  private expire(scope: Scope, id: string, record: StoredRecord, expiresAt: number | undefined): void {
    clearTimeout(record.timer);
    delete record.timer;
    delete record.expiresAt;
    if (expiresAt !== undefined) {
      record.expiresAt = expiresAt;
      record.timer = setTimeout(() => this.live(scope, id), expiresAt - Date.now() + 1).unref();
    }
  }

  private put(scope: Scope, id: string, json: string, associations: readonly Association[]): StoredRecord {
    const copied = associations.map(({ model, id: associationId }) => ({ model, id: associationId }));
    const record: StoredRecord = { json, associations: copied };
    scope.records.set(id, record);
    for (const association of copied) {
      const key = associationKey(association);
      let ids = scope.index.get(key);
      if (!ids) {
        ids = new Set();
        scope.index.set(key, ids);
      }
      ids.add(id);
    }
    return record;
  }

  private drop(scope: Scope, id: string, record: StoredRecord): void {
    clearTimeout(record.timer);
    scope.records.delete(id);
    for (const association of record.associations) {
      const key = associationKey(association);
      const ids = scope.index.get(key);
      ids?.delete(id);
      if (ids?.size === 0) {
        scope.index.delete(key);
      }
    }
  }
}
