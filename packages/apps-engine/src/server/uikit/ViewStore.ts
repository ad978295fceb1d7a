import type { IUIKitSurface } from '@rocket.chat/apps-engine/definition/uikit/index.js';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/index.js';

/** A view an app opened for a user: a modal, a contextual bar or another surface. */
export interface OpenView {
  appId: string;
  userId: string;
  view: IUIKitSurface;
  /** Field errors set with `setViewError` (block id -> message). */
  errors?: Record<string, string>;
  /** The interaction that opened or last updated it. */
  triggerId: string;
}

export type ViewChange = { kind: 'opened' | 'updated' | 'closed'; view: OpenView };

/**
 * The views apps have open, per user (Rocket.Chat keeps them in the user's client; here the host
 * holds them so a test, or the dev console, can see and submit them). Newest last.
 */
export class ViewStore {
  private readonly views = new Map<string, OpenView[]>();

  constructor(private readonly changed: (change: ViewChange) => void) {}

  /** The user's open views, oldest first. */
  of(userId: string): readonly OpenView[] {
    return this.views.get(userId) ?? [];
  }

  get(userId: string, viewId: string): OpenView | undefined {
    return this.of(userId).find((open) => open.view.id === viewId);
  }

  open(open: OpenView): void {
    const list = this.views.get(open.userId) ?? [];
    const index = list.findIndex((existing) => existing.view.id === open.view.id);
    if (index === -1) {
      list.push(open);
      this.views.set(open.userId, list);
      this.changed({ kind: 'opened', view: open });
    } else {
      list[index] = open;
      this.changed({ kind: 'updated', view: open });
    }
  }

  /** Replaces an open view; an update of a view that is not open opens it (Rocket.Chat's client does too). */
  update(open: OpenView): void {
    this.open(open);
  }

  setErrors(userId: string, viewId: string, errors: Record<string, string>): void {
    const open = this.get(userId, viewId);
    if (open) {
      open.errors = { ...errors };
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

  /** Drops every view of an app (uninstall). */
  closeApp(appId: string): void {
    for (const [userId, list] of this.views) {
      for (const open of list.filter((view) => view.appId === appId)) {
        this.close(userId, open.view.id);
      }
    }
  }
}

export { UIKitSurfaceType };
