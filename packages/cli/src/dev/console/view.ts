import type { ISetting, IUIActionButton, IUser } from '@plugboard/apps-engine';
import type { OpenView, SlashCommandSummary } from '@plugboard/apps-engine/server';
import type { AliasSetup } from '../configureAliases.ts';
import type { ActivityEntry } from './activity.ts';
import type { ConnectionRow } from './connections/gatherConnections.ts';
import type { RequestEntry } from './requests/classify.ts';
import type { RoomEntry } from './rooms/roomList.ts';
import type { ShownMessage } from './rooms/roomMessages.ts';

/** Everything one console page shows, gathered before rendering so rendering stays pure. */
export interface ConsoleView {
  app: { id: string; name: string; version: string };
  users: readonly IUser[];
  selected: IUser;
  rooms: readonly RoomEntry[];
  /** The open room (`undefined` only when the user sees no room at all). */
  room: RoomEntry | undefined;
  messages: readonly ShownMessage[];
  commands: readonly SlashCommandSummary[];
  /** Action buttons apps registered, per menu, as shown to this user in this room. */
  buttons: { message: readonly IUIActionButton[]; room: readonly IUIActionButton[]; messageBox: readonly IUIActionButton[] };
  /** The user's open modal (the newest) and contextual bars. */
  modal: OpenView | undefined;
  bars: readonly OpenView[];
  connections: readonly ConnectionRow[];
  aliases: readonly AliasSetup[];
  requests: readonly RequestEntry[];
  settings: readonly ISetting[];
  activity: readonly ActivityEntry[];
  issuer?: string;
  /** Watch mode is on (shown in the header). */
  watching?: boolean;
  /** Per-process anti-CSRF token, echoed in every form. */
  csrf: string;
  /** When the view was gathered (epoch ms): expiry countdowns start from it. */
  now: number;
}

/** The fields every form of the page carries: the console token, and where the user is. */
export function pageFields(view: ConsoleView): Record<string, string> {
  return { csrf: view.csrf, user: view.selected.id, room: view.room?.key ?? '' };
}
