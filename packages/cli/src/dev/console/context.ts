import type { App } from '@plugboard/apps-engine';
import type { AppHost } from '@plugboard/apps-engine/server';
import type { IOAuth2Client } from '@plugboard/oauth2';
import type { AliasSetup } from '../configureAliases.ts';
import type { ActivityLog } from './activity.ts';
import type { ConnectionTracker } from './connections/ConnectionTracker.ts';
import type { LiveHub } from './live/LiveHub.ts';
import type { RequestLog } from './requests/RequestLog.ts';
import type { SeenRooms } from './rooms/SeenRooms.ts';

/** The app the dev host runs now (watch mode replaces it on each reload). */
export interface DevApp {
  app: App;
  appId: string;
  aliases: readonly AliasSetup[];
  clients: ReadonlyMap<string, IOAuth2Client>;
}

/** What the console's handlers share. */
export interface ConsoleContext {
  host: AppHost;
  current(): DevApp;
  /** The bundled authorization server's issuer, when an alias uses it. */
  issuer?: string;
  activity: ActivityLog;
  requests: RequestLog;
  connections: ConnectionTracker;
  live: LiveHub;
  seen: SeenRooms;
  /** Per-process anti-CSRF token, echoed in every form. */
  csrf: string;
  /** Watch mode: a change of the app's files reloads it. */
  watching?: boolean;
}
