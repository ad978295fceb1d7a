import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import type { ViewState } from './interactiveElements.ts';
import type { OpenView } from './ViewStore.ts';

/** Fields every interaction has: who acts, and optionally the trigger id their client made for it. */
interface UserAction {
  /** The user who clicks, submits or closes. */
  userId: string;
  /** The trigger id of this interaction (what the app sees as `triggerId`); fresh when absent. */
  triggerId?: string;
}

/**
 * A user clicks a button, picks an option or types in an element of a block, in a message or in a
 * view they have open. Without `messageId` or `viewId`: the newest message this user can see that
 * holds the element.
 */
export interface BlockActionInteraction extends UserAction {
  type: 'blockAction';
  actionId: string;
  /** The element's block; needed only when several blocks hold the same action id. */
  blockId?: string;
  /** What the element sends: default the button's own `value`; a select sends the option's value. */
  value?: unknown;
  /** The message holding the element (a stored message, or an ephemeral one shown to this user). */
  messageId?: string;
  /** The open view holding the element. */
  viewId?: string;
  /** For an element of a view: the room the user is in (Rocket.Chat sends none otherwise). */
  roomId?: string;
  /** The app the element belongs to; checked when the element names its app. */
  appId?: string;
}

/** A user presses a view's submit button. */
export interface ViewSubmitInteraction extends UserAction {
  type: 'viewSubmit';
  viewId: string;
  /** Values the user entered (block id -> action id -> value), over what the view already holds. */
  state?: ViewState;
  /** The room the user is in, when the view belongs to one. */
  roomId?: string;
}

/** A user closes a view (its close button, or the X: `isCleared`). */
export interface ViewClosedInteraction extends UserAction {
  type: 'viewClosed';
  viewId: string;
  /** `true` for the X (the client clears the view), `false` (default) for the close button. */
  isCleared?: boolean;
  /** Values the user entered, as for a submit. */
  state?: ViewState;
}

/** A user picks an app's action button (registered with `configuration.ui.registerButton`). */
export interface ActionButtonInteraction extends UserAction {
  type: 'actionButton';
  actionId: string;
  /** The app that registered the button; needed only when several apps register this action id. */
  appId?: string;
  /** The room of a room, room sidebar or message box button. */
  roomId?: string;
  /** The message of a message action button (its room is the message's). */
  messageId?: string;
  /** The thread of a message box button. */
  threadId?: string;
  /** What the user typed in the message box (message box buttons). */
  text?: string;
}

/** What `host.interact(...)` takes: one interaction, as a user's client would send it. */
export type Interaction = BlockActionInteraction | ViewSubmitInteraction | ViewClosedInteraction | ActionButtonInteraction;

/** What happened: the app's answer and the views the user has open now. */
export interface InteractionResult {
  /** The app that handled it. */
  appId: string;
  triggerId: string;
  /** What the app's handler returned; `undefined` when the app has no handler for it. */
  response: IUIKitResponse | undefined;
  /** The user's open views once the host applied the response, oldest first. */
  views: OpenView[];
}
