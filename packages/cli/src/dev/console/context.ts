import type { App } from '@plugboard/apps-engine';
import type { AppHost } from '@plugboard/apps-engine/server';
import type { IOAuth2Client } from '@plugboard/oauth2';
import type { AliasSetup } from '../configureAliases.ts';
import type { ActivityLog } from './activity.ts';

/** What the console's handlers share. */
export interface ConsoleContext {
  host: AppHost;
  app: App;
  appId: string;
  aliases: readonly AliasSetup[];
  clients: ReadonlyMap<string, IOAuth2Client>;
  issuer?: string;
  activity: ActivityLog;
  csrf: string;
}
