import { newId } from '../chat/newId.ts';

/** A trigger id a user's client issued for one interaction with an app. */
export interface Trigger {
  id: string;
  appId: string;
  userId: string;
  /** The room the interaction happened in, when it had one. */
  roomId?: string;
}

/** Outstanding trigger ids kept per user; the oldest go first beyond this. */
const PER_USER = 64;

/**
 * The trigger ids users' clients are waiting on. Rocket.Chat's client makes one for each
 * interaction it sends (a click, a submit, a slash command) and applies a view the server sends
 * back only when it carries one of them, once: the first view or error for a trigger uses it up.
 * (The client also forgets a trigger after 5 s; the host does not, so a slow handler on a busy
 * machine behaves the same on every run.)
 */
export class TriggerRegistry {
  private readonly byUser = new Map<string, Map<string, Trigger>>();

  /** Records a trigger for the user (a fresh id unless one is given) and returns it. */
  issue(input: { id?: string | undefined; appId: string; userId: string; roomId?: string | undefined }): Trigger {
    const trigger: Trigger = { id: input.id ?? newId(), appId: input.appId, userId: input.userId };
    if (input.roomId !== undefined) trigger.roomId = input.roomId;
    const triggers = this.byUser.get(trigger.userId) ?? new Map<string, Trigger>();
    triggers.delete(trigger.id);
    triggers.set(trigger.id, trigger);
    for (const oldest of triggers.keys()) {
      if (triggers.size <= PER_USER) break;
      triggers.delete(oldest);
    }
    this.byUser.set(trigger.userId, triggers);
    return trigger;
  }

  /** Uses up the user's trigger; `undefined` when the user's client has no such trigger (any more). */
  consume(userId: string, triggerId: string | undefined): Trigger | undefined {
    const triggers = this.byUser.get(userId);
    const trigger = triggerId === undefined ? undefined : triggers?.get(triggerId);
    if (trigger) {
      triggers?.delete(trigger.id);
    }
    return trigger;
  }

  /** Forgets the triggers of an app (uninstall). */
  forgetApp(appId: string): void {
    for (const triggers of this.byUser.values()) {
      for (const [id, trigger] of triggers) {
        if (trigger.appId === appId) triggers.delete(id);
      }
    }
  }
}
