import type { IConfigurationExtend, IHttp, IModify, IPersistence, IRead, IUIExtend } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type {
  IUIKitResponse,
  UIKitBlockInteractionContext,
  UIKitViewCloseInteractionContext,
  UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit/index.js';

/**
 * Plugboard: UIKit interactions that code inside an app (a library such as an OAuth client) handles
 * itself, before the app's own handlers: block actions whose action id starts with `prefix`, and
 * submits and closes of views whose view id starts with it. The app's `executeBlockActionHandler`,
 * `executeViewSubmitHandler` and `executeViewClosedHandler` never see those, so a library can post
 * buttons and open modals in an app that knows nothing about them. The methods are the app's own
 * (same names, same arguments, same responder); one left out means the app's handler runs.
 */
export interface IPlugboardInteractionHandler {
  /** 3 to 128 characters; no other handler of the app may have a prefix that starts the same way. */
  readonly prefix: string;
  executeBlockActionHandler?(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<IUIKitResponse>;
  executeViewSubmitHandler?(context: UIKitViewSubmitInteractionContext, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<IUIKitResponse>;
  executeViewClosedHandler?(context: UIKitViewCloseInteractionContext, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<IUIKitResponse>;
}

/** Rocket.Chat's `configuration.ui` plus handlers for a library's own interactions. */
export interface IPlugboardUIExtend extends IUIExtend {
  /** Throws when the prefix is too short or long, or overlaps one registered before. */
  registerInteractionHandler(handler: IPlugboardInteractionHandler): void;
}

/**
 * Feature detection: `configuration.ui` with `registerInteractionHandler`, or `undefined` on a host
 * without it (a Rocket.Chat server: there the app must pass such interactions on from its own
 * handlers).
 */
export function plugboardUIExtend(configuration: IConfigurationExtend): IPlugboardUIExtend | undefined {
  const ui = configuration?.ui as Partial<IPlugboardUIExtend> | undefined;
  return typeof ui?.registerInteractionHandler === 'function' ? (ui as IPlugboardUIExtend) : undefined;
}
