import { InProcessLockBridge } from '../locks/InProcessLockBridge.ts';
import { PersistenceError } from '../errors.ts';
import type { Association, IPersistenceBridge } from './IPersistenceBridge.ts';
import { associationKey, carriesAll, checkAssociations, newRecordId, requireAssociations, toRecordJson } from './records.ts';

interface StoredRecord {
  json: string;
  associations: readonly Association[];
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
    const record = this.scope(appId).records.get(id);
    return record && JSON.parse(record.json);
  }

  async readByAssociations(appId: string, associations: readonly Association[]): Promise<object[]> {
    return this.matching(this.scope(appId), associations).map(([, record]) => JSON.parse(record.json));
  }

  async update(appId: string, id: string, data: object, upsert: boolean): Promise<string> {
    const json = toRecordJson(data);
    const scope = this.scope(appId);
    const record = scope.records.get(id);
    if (record) {
      record.json = json;
    } else if (upsert) {
      this.put(scope, id, json, []);
    } else {
      throw new PersistenceError('not_found', 'No record with this id');
    }
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
    const record = scope.records.get(id);
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
    for (const id of smallest ?? []) {
      const record = scope.records.get(id);
      if (record && carriesAll(record.associations, associations)) {
        found.push([id, record]);
      }
    }
    return found;
  }

  private put(scope: Scope, id: string, json: string, associations: readonly Association[]): void {
    const copied = associations.map(({ model, id: associationId }) => ({ model, id: associationId }));
    scope.records.set(id, { json, associations: copied });
    for (const association of copied) {
      const key = associationKey(association);
      let ids = scope.index.get(key);
      if (!ids) {
        ids = new Set();
        scope.index.set(key, ids);
      }
      ids.add(id);
    }
  }

  private drop(scope: Scope, id: string, record: StoredRecord): void {
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
