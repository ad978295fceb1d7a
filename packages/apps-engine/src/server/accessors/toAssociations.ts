import type { AssociationRecord } from '../../definition/extensions/associations.ts';
import { PersistenceError } from '../errors.ts';
import type { Association } from '../persistence/IPersistenceBridge.ts';

/** Apps pass `AssociationRecord` instances; bridges take plain `{ model, id }` data. */
export function toAssociations(records: readonly AssociationRecord[]): Association[] {
  if (!Array.isArray(records)) {
    throw new PersistenceError('invalid_argument', 'Associations must be an array of AssociationRecord');
  }
  return records.map(toAssociation);
}

export function toAssociation(record: AssociationRecord): Association {
  if (typeof record?.getModel !== 'function' || typeof record.getID !== 'function') {
    throw new PersistenceError('invalid_argument', 'An association must be an AssociationRecord');
  }
  return { model: record.getModel(), id: record.getID() };
}
