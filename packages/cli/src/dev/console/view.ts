import type { ISetting, IUser } from '@plugboard/apps-engine';
import type { MessageEvent, SlashCommandSummary } from '@plugboard/apps-engine/server';
import type { AliasSetup } from '../configureAliases.ts';
import type { AccountRow } from './accounts.ts';
import type { ActivityEntry } from './activity.ts';

/** Everything one console page shows, gathered before rendering so rendering stays pure. */
export interface ConsoleView {
  app: { id: string; name: string; version: string };
  users: readonly IUser[];
  selected: IUser;
  commands: readonly SlashCommandSummary[];
  /** Messages apps sent to the selected user, oldest first. */
  messages: readonly MessageEvent[];
  settings: readonly ISetting[];
  accounts: readonly AccountRow[];
  aliases: readonly AliasSetup[];
  activity: readonly ActivityEntry[];
  issuer?: string;
  /** Per-process anti-CSRF token, echoed in every form. */
  csrf: string;
}
