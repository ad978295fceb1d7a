import type { ILogger, IUIController, IUIKitErrorInteractionParam, IUIKitInteractionParam, IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IUIKitContextualBarViewParam, IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder.js';
import { formatContextualBarInteraction, formatErrorInteraction, formatModalInteraction } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionPayloadFormatter.js';
import { UIKitInteractionType, UIKitSurfaceType, type IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../container/tokens.ts';
import { HostError } from '../../errors.ts';
import { withIds } from '../../uikit/interactiveElements.ts';
import { droppedReason, type ServerInteraction, type ViewStore } from '../../uikit/ViewStore.ts';

/**
 * `modify.getUiController()`: sends a user a view, an update or field errors, formatted by the
 * official definitions' formatters, and delivered as Rocket.Chat delivers them to the user's
 * client: shown only for a trigger id of an interaction that user made, once (see `ViewStore`).
 * What the client would drop is logged as a warning under the app.
 */
@injectable()
export class UiController implements IUIController {
  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.Views) private readonly views: ViewStore,
    @inject(TOKENS.Logger) private readonly logger: ILogger,
  ) {}

  async openModalView(view: IUIKitModalViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.send('openModalView', user, formatModalInteraction(view, this.context(context, UIKitInteractionType.MODAL_OPEN)));
  }

  async updateModalView(view: IUIKitModalViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.send('updateModalView', user, formatModalInteraction(view, this.context(context, UIKitInteractionType.MODAL_UPDATE)));
  }

  async openContextualBarView(view: IUIKitContextualBarViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.send('openContextualBarView', user, formatContextualBarInteraction(view, this.context(context, UIKitInteractionType.CONTEXTUAL_BAR_OPEN)));
  }

  async updateContextualBarView(view: IUIKitContextualBarViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.send('updateContextualBarView', user, formatContextualBarInteraction(view, this.context(context, UIKitInteractionType.CONTEXTUAL_BAR_UPDATE)));
  }

  async openSurfaceView(view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.surface('openSurfaceView', view, context, user, false);
  }

  async updateSurfaceView(view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.surface('updateSurfaceView', view, context, user, true);
  }

  async setViewError(errorInteraction: IUIKitErrorInteractionParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
    this.send('setViewError', user, formatErrorInteraction(errorInteraction, this.context(context, UIKitInteractionType.ERRORS)));
  }

  /** `openSurfaceView` / `updateSurfaceView`: modals and contextual bars; Rocket.Chat shows no other surface. */
  private surface(call: string, view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser, update: boolean): void {
    const withBlockIds = { ...view, blocks: withIds(view.blocks ?? [], this.appId) as IUIKitSurfaceViewParam['blocks'] };
    if (view.type === UIKitSurfaceType.MODAL) {
      const type = update ? UIKitInteractionType.MODAL_UPDATE : UIKitInteractionType.MODAL_OPEN;
      this.send(call, user, formatModalInteraction(withBlockIds, this.context(context, type)));
    } else if (view.type === UIKitSurfaceType.CONTEXTUAL_BAR) {
      const type = update ? UIKitInteractionType.CONTEXTUAL_BAR_UPDATE : UIKitInteractionType.CONTEXTUAL_BAR_OPEN;
      this.send(call, user, formatContextualBarInteraction(withBlockIds, this.context(context, type)));
    } else {
      this.logger.warn(`${call}: Rocket.Chat shows no "${String(view.type)}" surface; nothing was shown`);
    }
  }

  private context(context: IUIKitInteractionParam, type: UIKitInteractionType): IUIKitInteraction {
    return { ...context, triggerId: context?.triggerId, appId: this.appId, type };
  }

  private send(call: string, user: IUser, interaction: ServerInteraction): void {
    const userId = requireUser(user);
    const dropped = droppedReason(this.views.receive(userId, interaction), interaction, userId);
    if (dropped) {
      this.logger.warn(`${call}: ${dropped}`);
    }
  }
}

function requireUser(user: IUser): string {
  if (typeof user?.id !== 'string' || user.id === '') {
    throw new HostError('invalid_user', 'A view needs the user it is shown to');
  }
  return user.id;
}
