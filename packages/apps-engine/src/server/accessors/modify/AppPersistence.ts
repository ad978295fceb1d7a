import { inject, injectable } from 'inversify';
import type { IPlugboardPersistence, IPersistenceWriteOptions } from '../../../definition/extensions/persistence.ts';
import type { AssociationRecord } from '../../../definition/extensions/associations.ts';
import { TOKENS } from '../../container/tokens.ts';
import type { IPersistenceBridge } from '../../persistence/IPersistenceBridge.ts';
import { toAssociation, toAssociations } from '../toAssociations.ts';

/** An app's `IPersistence`: the host's bridge, scoped to the app's id. */
@injectable()
export class AppPersistence implements IPlugboardPersistence {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Bridge) private readonly bridge: IPersistenceBridge,
  ) {}

  create(data: object): Promise<string> {
    return this.bridge.create(this.appId, data, []);
  }

  createWithAssociation(data: object, association: AssociationRecord): Promise<string> {
    return this.bridge.create(this.appId, data, [toAssociation(association)]);
  }

  createWithAssociations(data: object, associations: AssociationRecord[]): Promise<string> {
    return this.bridge.create(this.appId, data, toAssociations(associations));
  }

  update(id: string, data: object, upsert = false, options?: IPersistenceWriteOptions): Promise<string> {
    return this.bridge.update(this.appId, id, data, upsert, options);
  }

  updateByAssociation(association: AssociationRecord, data: object, upsert = false): Promise<string> {
    return this.bridge.updateByAssociations(this.appId, [toAssociation(association)], data, upsert);
  }

  updateByAssociations(associations: AssociationRecord[], data: object, upsert = false): Promise<string> {
    return this.bridge.updateByAssociations(this.appId, toAssociations(associations), data, upsert);
  }

  /** What the record held, or `undefined` when there was none (typed `object` as in Rocket.Chat). */
  remove(id: string): Promise<object> {
    return this.bridge.remove(this.appId, id) as Promise<object>;
  }

  removeByAssociation(association: AssociationRecord): Promise<object[]> {
    return this.bridge.removeByAssociations(this.appId, [toAssociation(association)]);
  }

  removeByAssociations(associations: AssociationRecord[]): Promise<object[]> {
    return this.bridge.removeByAssociations(this.appId, toAssociations(associations));
  }
}
