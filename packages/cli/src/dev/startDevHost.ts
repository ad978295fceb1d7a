import { randomBytes } from 'node:crypto';
import type { App } from '@plugboard/apps-engine';
import { AppHost, HostError, PersistenceError, redactUrl, type LogSink } from '@plugboard/apps-engine/server';
import type { AuthorizationServer } from '@plugboard/testing';
import { configureAliases, type AliasSetup } from './configureAliases.ts';
import { ActivityLog } from './console/activity.ts';
import { ConnectionTracker } from './console/connections/ConnectionTracker.ts';
import { createConsoleHandler } from './console/consoleHandler.ts';
import { CliError } from '../errors.ts';
import type { ConsoleContext, DevApp } from './console/context.ts';
import { LiveHub } from './console/live/LiveHub.ts';
import { RequestLog } from './console/requests/RequestLog.ts';
import { SeenRooms } from './console/rooms/SeenRooms.ts';
import { openDevStore } from './devStore.ts';
import { guardDevStoreFile } from './devStoreGuard.ts';
import { installDevApp } from './loadApp.ts';
import { DEV_ISSUER_ENV, startLocalAuthorizationServer } from './localAuthServer.ts';
import { findOAuthClients } from './oauthClients.ts';
import { seedUsers } from './seedUsers.ts';

/** The names the dev host and its console answer to. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The host's `encryptionKey` for the dev store: 32 bytes, base64 (`openssl rand -base64 32`). */
export const DEV_KEY_ENV = 'PLUGBOARD_DEV_KEY';

export interface DevHostOptions {
  /**
   * The app: an rc-apps folder (`app.json` + its class file, as `rc-apps create` makes it), or the
   * path of a module whose default export (or only App export) is the App class.
   */
  appModule: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  hostname?: string;
  /**
   * A SQLite file path (or `sqlite://…`), `redis://…`, or `memory`. Default `.plugboard/dev.sqlite`
   * when @keyv/sqlite is installed, else memory.
   */
  store?: string;
  /** Default `process.cwd()`. */
  cwd?: string;
  /**
   * Where `PLUGBOARD_<ALIAS>_CLIENT_ID` / `_CLIENT_SECRET` and `PLUGBOARD_DEV_KEY` (the store's
   * encryption key) are read. Default `process.env`.
   */
  env?: Record<string, string | undefined>;
  /** Start the bundled authorization server. Default true. */
  localAuthorizationServer?: boolean;
  /** App and host log lines; default the console. */
  logger?: LogSink;
}

export interface DevHost {
  /** The host's base URL; the console is at `${url}/`. */
  readonly url: string;
  readonly host: AppHost;
  readonly app: App;
  readonly appId: string;
  /** Where state is kept, in words: a path, "Redis", or "memory (…)", and whether it is encrypted. */
  readonly storeDescription: string;
  /** Lines for the terminal (no newline): a store file git would commit. */
  readonly warnings: readonly string[];
  readonly aliases: readonly AliasSetup[];
  /** The bundled server, when an alias uses it. */
  readonly authorizationServer: AuthorizationServer | undefined;
  /** Connections left by a previous run's bundled server, dropped at start. */
  readonly staleConnectionsCleared: number;
  /** Every authorization, callback, token, refresh, revocation and discovery request, redacted. */
  readonly requests: RequestLog;
  close(): Promise<void>;
}

/**
 * The dev host: an AppHost on a SQLite store (or memory, or Redis) with the app installed, chat users alice and bob,
 * OAuth credentials for each alias (real ones from the environment or settings, else the bundled
 * authorization server's), and the web console at `/`.
 */
export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    // In reverse order of start; each step runs even when an earlier one failed.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    const requests = new RequestLog();
    let server: AuthorizationServer | undefined;
    if (options.localAuthorizationServer !== false) {
      const base = { url: '' };
      server = await startLocalAuthorizationServer((request) => requests.recordAuthorization({ ...request, url: redactUrl(`${base.url}${request.url}`) }));
      base.url = server.url;
      const previous = process.env[DEV_ISSUER_ENV];
      // The app reads the issuer while it configures itself, so it is set before install.
      process.env[DEV_ISSUER_ENV] = server.issuer;
      const started = server;
      cleanups.push(async () => {
        if (previous === undefined) delete process.env[DEV_ISSUER_ENV];
        else process.env[DEV_ISSUER_ENV] = previous;
        await started.close();
      });
    }

    const store = await openDevStore(options.store, cwd);
    cleanups.push(() => store.close());
    const warnings = store.file === undefined ? [] : await guardDevStoreFile(store.file, cwd, store.description);
    const encryptionKey = env[DEV_KEY_ENV] || undefined;
    const host = newHost({
      // DNS rebinding: a hostile name resolved to 127.0.0.1 arrives with its own Host header. The
      // host refuses it (421) before the console or any app endpoint runs.
      allowedHosts: LOOPBACK_NAMES,
      ...(store.keyv === undefined ? {} : { store: store.keyv }),
      ...(encryptionKey === undefined ? {} : { encryptionKey }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    cleanups.push(() => host.close());
    const { url } = await host.listen({ port: options.port ?? 3000, host: options.hostname ?? '127.0.0.1' });

    await seedUsers(host);
    const { app, appId } = await installDevApp(host, options.appModule, cwd);
    const clients = findOAuthClients(app);
    const aliases = await configureAliases(host, appId, url, env, server, clients);
    const staleConnectionsCleared = await clearStaleConnections(host, aliases, clients);

    if (server !== undefined && !aliases.some((a) => a.source === 'local server')) {
      // Nothing uses it: stop it rather than advertise a server no app talks to.
      await cleanups.shift()?.();
      server = undefined;
    }

    const live = new LiveHub();
    cleanups.push(async () => live.close());
    requests.subscribe(() => live.publish('requests'));
    const connections = new ConnectionTracker(() => live.publish('connections'));
    cleanups.push(async () => connections.close());
    const current: DevApp = { app, appId, aliases, clients };
    connections.follow(clients);
    followHost(host, live, requests);
    const ctx: ConsoleContext = {
      host,
      current: () => current,
      ...(server === undefined ? {} : { issuer: server.issuer }),
      activity: new ActivityLog(() => live.publish('activity')),
      requests,
      connections,
      live,
      seen: new SeenRooms(),
      csrf: randomBytes(32).toString('base64url'),
    };
    host.use(createConsoleHandler(ctx));
    const storeDescription = encryptionKey === undefined ? store.description : `${store.description}, encrypted with ${DEV_KEY_ENV}`;
    return { url, host, app, appId, storeDescription, warnings, aliases, authorizationServer: server, staleConnectionsCleared, requests, close };
  } catch (error) {
    await close();
    throw env[DEV_KEY_ENV] ? explainUnreadableStore(error) : error;
  }
}

function newHost(options: ConstructorParameters<typeof AppHost>[0]): AppHost {
  try {
    return new AppHost(options);
  } catch (error) {
    // The host's message names its option; the key itself is never quoted.
    if (error instanceof PersistenceError && error.code === 'invalid_argument') {
      throw new CliError(`${DEV_KEY_ENV} must be 32 bytes in base64, e.g. from: openssl rand -base64 32`);
    }
    throw error;
  }
}

/** A store that does not open with the key: most likely it was written with another one (or none). */
function explainUnreadableStore(error: unknown): unknown {
  const cause = error instanceof HostError ? error.cause : error;
  if (!(cause instanceof PersistenceError && cause.code === 'store_failed')) return error;
  return new CliError(
    `the store could not be read with ${DEV_KEY_ENV} (${cause.message}); use the key it was written with, or remove the store to start over`,
    { cause: error },
  );
}

/** Tells open consoles what changed on the host, and logs every app request. */
function followHost(host: AppHost, live: LiveHub, requests: RequestLog): void {
  const chat = () => live.publish('chat');
  host.on('message', chat);
  host.on('messageUpdated', chat);
  host.on('messageDeleted', chat);
  host.on('room', chat);
  host.on('roomDeleted', chat);
  host.on('view', () => live.publish('views'));
  host.on('http', (exchange) => requests.record(exchange));
}

/**
 * The bundled server keeps its tokens in memory, so connections stored by a previous run point at
 * tokens nobody knows any more. Revoking them against the new server (RFC 7009 §2.2: unknown tokens
 * answer 200) deletes them locally through the app's own client.
 */
async function clearStaleConnections(
  host: AppHost,
  aliases: readonly AliasSetup[],
  clients: ReturnType<typeof findOAuthClients>,
): Promise<number> {
  let cleared = 0;
  for (const setup of aliases.filter((a) => a.replacedLocalClient)) {
    const client = clients.get(setup.alias);
    if (client === undefined) continue;
    for (const user of await host.users.list()) {
      if (await client.revokeUserAccessToken(user).catch(() => false)) cleared += 1;
    }
  }
  return cleared;
}
