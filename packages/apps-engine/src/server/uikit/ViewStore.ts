import type { IUIKitContextualBarInteraction, IUIKitErrorInteraction, IUIKitModalInteraction, IUIKitSurface } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import { UIKitInteractionType, UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import { DEFAULT_BLOCK, findElement, initialState, type ViewState } from './interactiveElements.ts';
import { TriggerRegistry } from './TriggerRegistry.ts';

/** A view an app opened for a user: a modal or a contextual bar. */
export interface OpenView {
  appId: string;
  userId: string;
  /** The surface as the app sent it (`id`, `type`, `title`, `blocks`, `submit`, `close`, ...). */
  view: IUIKitSurface;
  /** Field errors from the app's last `viewErrorResponse` / `setViewError` (block id -> message). */
  errors?: Record<string, string>;
  /** What the user entered so far (block id -> action id -> value): each element's `initialValue`, then the user's input. */
  state: ViewState;
  /** The interaction that opened or last updated it. */
  triggerId: string;
  /** The room of the interaction that opened it, when it had one (a contextual bar belongs to it). */
  roomId?: string;
}

export type ViewChange = { kind: 'opened' | 'updated' | 'closed'; view: OpenView };

/** A view, update, close or error an app sends a user (a handler's response or a UI controller call). */
export type ServerInteraction = IUIKitModalInteraction | IUIKitContextualBarInteraction | IUIKitErrorInteraction;

/**
 * What became of a server interaction: applied; dropped because the user's client has no such
 * trigger (never issued, or already used by an earlier view or error); it named a view the user
 * does not have open; or it is not an interaction the client understands (no view, no errors).
 */
export type Delivery = 'applied' | 'unknown_trigger' | 'view_not_open' | 'malformed';

const VIEW_TYPES = new Set<string>([
  UIKitInteractionType.MODAL_OPEN,
  UIKitInteractionType.MODAL_UPDATE,
  UIKitInteractionType.MODAL_CLOSE,
  UIKitInteractionType.CONTEXTUAL_BAR_OPEN,
  UIKitInteractionType.CONTEXTUAL_BAR_UPDATE,
  UIKitInteractionType.CONTEXTUAL_BAR_CLOSE,
]);

type ViewInput = Omit<OpenView, 'state' | 'errors'>;

/**
 * The views apps have open, per user. Rocket.Chat keeps them in the user's web client; here the
 * host holds them, and applies what an app sends exactly as that client does, so that a test or
 * the dev console sees what a Rocket.Chat user would. Newest last.
 */
export class ViewStore {
  /** The trigger ids the users' clients are waiting on. */
  readonly triggers = new TriggerRegistry();
  private readonly views = new Map<string, OpenView[]>();

  constructor(private readonly changed: (change: ViewChange) => void) {}

  /** The user's open views, oldest first. */
  of(userId: string): readonly OpenView[] {
    return this.views.get(userId) ?? [];
  }

  get(userId: string, viewId: string): OpenView | undefined {
    return this.of(userId).find((open) => open.view.id === viewId);
  }

  /**
   * Applies a view, update or error an app sent the user, as Rocket.Chat's client does
   * (`ActionManager.handleServerInteraction`): only with a trigger id the client is waiting on,
   * which it then forgets; an update or error only reaches a view that is open; `modal.close`
   * does nothing by itself.
   */
  receive(userId: string, interaction: ServerInteraction): Delivery {
    if (!understood(interaction)) {
      return 'malformed';
    }
    const trigger = this.triggers.consume(userId, interaction.triggerId);
    if (!trigger) {
      return 'unknown_trigger';
    }
    switch (interaction.type) {
      case UIKitInteractionType.ERRORS:
        return this.setErrors(userId, interaction.viewId, interaction.errors) ? 'applied' : 'view_not_open';
      case UIKitInteractionType.MODAL_OPEN:
      case UIKitInteractionType.CONTEXTUAL_BAR_OPEN:
        this.open({ appId: interaction.view.appId ?? interaction.appId, userId, view: interaction.view, triggerId: trigger.id, ...(trigger.roomId === undefined ? {} : { roomId: trigger.roomId }) });
        return 'applied';
      case UIKitInteractionType.MODAL_UPDATE:
      case UIKitInteractionType.CONTEXTUAL_BAR_UPDATE:
        return this.update(userId, interaction.view, trigger.id) ? 'applied' : 'view_not_open';
      case UIKitInteractionType.CONTEXTUAL_BAR_CLOSE:
        return this.close(userId, interaction.view.id) ? 'applied' : 'view_not_open';
      default:
        return 'applied'; // modal.close: the client does nothing with it
    }
  }

  /** Shows a view; one with the id of an open view replaces it. */
  open(input: ViewInput): OpenView {
    const view = wireCopy(input.view);
    const open: OpenView = { ...input, view, state: initialState(view.blocks) };
    const list = this.views.get(open.userId) ?? [];
    const index = list.findIndex((existing) => existing.view.id === view.id);
    if (index === -1) {
      list.push(open);
      this.views.set(open.userId, list);
      this.changed({ kind: 'opened', view: open });
    } else {
      list[index] = open;
      this.changed({ kind: 'updated', view: open });
    }
    return open;
  }

  /**
   * Replaces an open view's content; its errors go, the values the user entered stay for the
   * elements still there. `undefined` when the view is not open (the client has nothing to update).
   */
  update(userId: string, view: IUIKitSurface, triggerId: string): OpenView | undefined {
    const current = this.get(userId, view.id);
    if (!current) {
      return undefined;
    }
    const next = wireCopy(view);
    const state = initialState(next.blocks);
    for (const [blockId, values] of Object.entries(current.state)) {
      for (const [actionId, value] of Object.entries(values)) {
        if (findElement(next.blocks, actionId, blockId === DEFAULT_BLOCK ? undefined : blockId)) {
          (state[blockId] ??= {})[actionId] = value;
        }
      }
    }
    current.view = next;
    current.state = state;
    current.triggerId = triggerId;
    delete current.errors;
    this.changed({ kind: 'updated', view: current });
    return current;
  }

  /** Sets the view's field errors (block id -> message); `false` when the view is not open. */
  setErrors(userId: string, viewId: string, errors: Record<string, string>): boolean {
    const open = this.get(userId, viewId);
    if (open) {
      open.errors = { ...errors };
      this.changed({ kind: 'updated', view: open });
    }
    return open !== undefined;
  }

  /** Records values the user entered in an open view (block id -> action id -> value), over those it holds. */
  setValues(userId: string, viewId: string, values: ViewState): void {
    const open = this.get(userId, viewId);
    if (open) {
      for (const [blockId, entered] of Object.entries(values)) {
        Object.assign((open.state[blockId] ??= {}), entered);
      }
      this.changed({ kind: 'updated', view: open });
    }
  }

  close(userId: string, viewId: string): OpenView | undefined {
    const list = this.views.get(userId) ?? [];
    const index = list.findIndex((existing) => existing.view.id === viewId);
    if (index === -1) {
      return undefined;
    }
    const [closed] = list.splice(index, 1) as [OpenView];
    this.changed({ kind: 'closed', view: closed });
    return closed;
  }

  /** Drops every view and trigger of an app (uninstall). */
  closeApp(appId: string): void {
    this.triggers.forgetApp(appId);
    for (const [userId, list] of this.views) {
      for (const open of list.filter((view) => view.appId === appId)) {
        this.close(userId, open.view.id);
      }
    }
  }
}

/** Why a server interaction was dropped, in words for the app's log; `undefined` when it was applied. */
export function droppedReason(delivery: Delivery, interaction: ServerInteraction, userId: string): string | undefined {
  if (delivery === 'unknown_trigger') {
    const trigger = interaction.triggerId ? `trigger id "${interaction.triggerId}"` : 'no trigger id';
    return (
      `${interaction.type} carries ${trigger}, which user "${userId}"'s client is not waiting on ` +
      '(each interaction of the user gives one, good for one view or error); Rocket.Chat would not show it, nor does this host'
    );
  }
  if (delivery === 'malformed') {
    return `${String(interaction?.type)}: not a view, update or errors Rocket.Chat's client understands (a view with an id, or a viewId and errors); nothing changed`;
  }
  if (delivery === 'view_not_open') {
    const viewId = 'viewId' in interaction ? interaction.viewId : interaction.view.id;
    return `${interaction.type}: user "${userId}" has no view "${viewId}" open; nothing changed`;
  }
  return undefined;
}

/** Whether the client can apply it: a known type with a view that has an id, or a view id and errors. */
function understood(interaction: ServerInteraction): boolean {
  if (typeof interaction !== 'object' || interaction === null) return false;
  if (interaction.type === UIKitInteractionType.ERRORS) {
    return typeof interaction.viewId === 'string' && typeof interaction.errors === 'object' && interaction.errors !== null;
  }
  const view: unknown = interaction.view;
  return VIEW_TYPES.has(interaction.type) && typeof view === 'object' && view !== null && typeof (view as { id?: unknown }).id === 'string';
}

/** Data as a client receives it over the wire: plain JSON, detached from the app's objects. */
export function wireCopy<T>(data: T): T {
  return JSON.parse(JSON.stringify(data)) as T;
}

export { UIKitSurfaceType };
