import type { IUIController, IUIKitErrorInteractionParam, IUIKitInteractionParam, IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IUIKitContextualBarViewParam, IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder.js';
import type { IUIKitSurface } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import { newId } from '../../chat/newId.ts';
import { TOKENS } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import type { ViewStore } from '../../uikit/ViewStore.ts';

/** `modify.getUiController()`: opens and updates views for a user; the host's view store holds them. */
@injectable()
export class UiController implements IUIController {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Views) private readonly views: ViewStore,
  ) {}

  async openModalView(view: IUIKitModalViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.show(view, UIKitSurfaceType.MODAL, context, user);
  }

  async updateModalView(view: IUIKitModalViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.show(view, UIKitSurfaceType.MODAL, context, user);
  }

  async openContextualBarView(view: IUIKitContextualBarViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.show(view, UIKitSurfaceType.CONTEXTUAL_BAR, context, user);
  }

  async updateContextualBarView(view: IUIKitContextualBarViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.show(view, UIKitSurfaceType.CONTEXTUAL_BAR, context, user);
  }

  async openSurfaceView(view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.show(view, view.type, context, user);
  }

  async updateSurfaceView(view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.show(view, view.type, context, user);
  }

  async setViewError(errorInteraction: IUIKitErrorInteractionParam, _context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.views.setErrors(requireUser(user), errorInteraction.viewId, errorInteraction.errors);
  }

  private show(view: Omit<IUIKitSurface, 'appId' | 'id' | 'type'> & { id?: string }, type: UIKitSurfaceType, context: IUIKitInteractionParam, user: IUser): void {
    const surface: IUIKitSurface = { ...view, id: view.id ?? newId(), appId: this.appId, type };
    this.views.open({ appId: this.appId, userId: requireUser(user), view: surface, triggerId: context?.triggerId ?? '' });
  }
}

function requireUser(user: IUser): string {
  if (typeof user?.id !== 'string' || user.id === '') {
    throw new HostError('invalid_user', 'A view needs the user it is shown to');
  }
  return user.id;
}
