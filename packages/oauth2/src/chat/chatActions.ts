import {
  plugboardUIExtend,
  type IConfigurationExtend,
  type IHttp,
  type IModify,
  type IPersistence,
  type IRead,
  type IUIKitResponse,
  type UIKitBlockInteractionContext,
  type UIKitViewSubmitInteractionContext,
} from '@plugboard/apps-engine';

/** What a library-handled interaction gets besides its context: the handler's accessors. */
export interface InteractionAccessors {
  read: IRead;
  modify: IModify;
  http: IHttp;
  persis: IPersistence;
}

export type BlockActionHandler = (context: UIKitBlockInteractionContext, io: InteractionAccessors) => Promise<IUIKitResponse>;
export type ViewSubmitHandler = (context: UIKitViewSubmitInteractionContext, io: InteractionAccessors) => Promise<IUIKitResponse>;

/**
 * The buttons and modals one OAuth client posts in chat (the binding confirmation, a re-link
 * prompt), handled by the client itself: every action and view id is `plugboard-oauth2:<alias>:<name>`.
 * On Plugboard `plugboardUIExtend` routes them here before the app's own handlers, so an app
 * (even an unmodified Rocket.Chat one) needs no code for them. On a host without it (a Rocket.Chat
 * server) `handlesInteractions` is false and the app passes them on from its own handlers
 * (`handleBlockAction` / `handleViewSubmit` answer `undefined` for ids that are not ours).
 */
export class ChatActions {
  readonly prefix: string;
  private readonly actions = new Map<string, BlockActionHandler>();
  private readonly views = new Map<string, ViewSubmitHandler>();
  private routed = false;

  constructor(alias: string) {
    this.prefix = `plugboard-oauth2:${alias}:`;
  }

  /** Whether the host delivers our interactions to us without the app's help (set by `register`). */
  get handlesInteractions(): boolean {
    return this.routed;
  }

  /** The full action id of a named button. */
  actionId(name: string): string {
    return this.prefix + name;
  }

  /** The full id of a named view (modal). */
  viewId(name: string): string {
    return this.prefix + name;
  }

  onBlockAction(name: string, handler: BlockActionHandler): void {
    this.actions.set(this.actionId(name), handler);
  }

  onViewSubmit(name: string, handler: ViewSubmitHandler): void {
    this.views.set(this.viewId(name), handler);
  }

  /**
   * Called from `setup(configuration)`: asks the host to route our ids here, where it can. Refused
   * (a second client of the same alias in one app, whose ids the first one already takes): `false`.
   */
  register(configuration: IConfigurationExtend): boolean {
    const ui = plugboardUIExtend(configuration);
    if (!ui) return false;
    try {
      ui.registerInteractionHandler({
      prefix: this.prefix,
        executeBlockActionHandler: async (context, read, http, persis, modify) =>
          (await this.handleBlockAction(context, { read, http, persis, modify })) ?? context.getInteractionResponder().errorResponse(),
        executeViewSubmitHandler: async (context, read, http, persis, modify) =>
          (await this.handleViewSubmit(context, { read, http, persis, modify })) ?? context.getInteractionResponder().errorResponse(),
      });
    } catch {
      return false;
    }
    this.routed = true;
    return true;
  }

  /** Runs our handler of this block action; `undefined` when the id is not one of ours. */
  async handleBlockAction(context: UIKitBlockInteractionContext, io: InteractionAccessors): Promise<IUIKitResponse | undefined> {
    const handler = this.actions.get(context.getInteractionData().actionId);
    return handler ? handler(context, io) : undefined;
  }

  /** Runs our handler of this view's submit; `undefined` when the view is not one of ours. */
  async handleViewSubmit(context: UIKitViewSubmitInteractionContext, io: InteractionAccessors): Promise<IUIKitResponse | undefined> {
    const handler = this.views.get(context.getInteractionData().view.id);
    return handler ? handler(context, io) : undefined;
  }
}
