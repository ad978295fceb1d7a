import { inject, injectable } from 'inversify';
import type { IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { AssociationRecord } from '../../../definition/extensions/associations.ts';
import { TOKENS } from '../../container/tokens.ts';
import type { IPersistenceBridge } from '../../persistence/IPersistenceBridge.ts';
import { toAssociation, toAssociations } from '../toAssociations.ts';

/** An app's `IPersistenceRead`, scoped to the app's id. */
@injectable()
export class AppPersistenceReader implements IPersistenceRead {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Bridge) private readonly bridge: IPersistenceBridge,
  ) {}

  /** The record, or `undefined` when there is none (Rocket.Chat's typing says `object`; it too resolves `undefined`). */
  read(id: string): Promise<object> {
    return this.bridge.read(this.appId, id) as Promise<object>;
  }

  readByAssociation(association: AssociationRecord): Promise<object[]> {
    return this.bridge.readByAssociations(this.appId, [toAssociation(association)]);
  }

  readByAssociations(associations: AssociationRecord[]): Promise<object[]> {
    return this.bridge.readByAssociations(this.appId, toAssociations(associations));
  }
}
