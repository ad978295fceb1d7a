import { inject, injectable } from 'inversify';
import type { IPersistenceRead } from '../../definition/persistence/IPersistence.ts';
import type { AssociationRecord } from '../../definition/metadata/AssociationRecord.ts';
import { TOKENS } from '../container/tokens.ts';
import type { IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import { toAssociation, toAssociations } from './toAssociations.ts';

/** An app's `IPersistenceRead`, scoped to the app's id. */
@injectable()
export class AppPersistenceReader implements IPersistenceRead {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Bridge) private readonly bridge: IPersistenceBridge,
  ) {}

  read(id: string): Promise<object | undefined> {
    return this.bridge.read(this.appId, id);
  }

  readByAssociation(association: AssociationRecord): Promise<object[]> {
    return this.bridge.readByAssociations(this.appId, [toAssociation(association)]);
  }

  readByAssociations(associations: AssociationRecord[]): Promise<object[]> {
    return this.bridge.readByAssociations(this.appId, toAssociations(associations));
  }
}
