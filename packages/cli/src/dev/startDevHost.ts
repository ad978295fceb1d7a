import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { App } from '@plugboard/apps-engine';
import { AppHost, HostError, PersistenceError, redactUrl, type LogSink } from '@plugboard/apps-engine/server';
import type { IOAuth2Client } from '@plugboard/oauth2';
import type { AuthorizationServer } from '@plugboard/testing';
import type { AliasSetup } from './configureAliases.ts';
import { ActivityLog } from './console/activity.ts';
import { ConnectionTracker } from './console/connections/ConnectionTracker.ts';
import { createConsoleHandler } from './console/consoleHandler.ts';
import { CliError } from '../errors.ts';
import type { ConsoleContext } from './console/context.ts';
import { LiveHub } from './console/live/LiveHub.ts';
import { RequestLog } from './console/requests/RequestLog.ts';
import { SeenRooms } from './console/rooms/SeenRooms.ts';
import { openDevStore } from './devStore.ts';
import { guardDevStoreFile } from './devStoreGuard.ts';
import { DevAppRunner, type ReloadOutcome } from './DevAppRunner.ts';
import { explainListenError } from './listenError.ts';
import { loadDevApp } from './load/loadApp.ts';
import { DEV_ISSUER_ENV, startLocalAuthorizationServer } from './localAuthServer.ts';
import { LocalClients } from './localClients.ts';
import { applySettings, readSettingsFile } from './presetSettings.ts';
import { seedUsers } from './seedUsers.ts';
import { watchSources } from './watch/watchSources.ts';

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
  /**
   * Reload the app when a file in its folder changes (`--watch`). The store, the bundled server (its
   * signing keys, clients, accounts and tokens) and open consoles stay; each reload is told to
   * `onReload`.
   */
  watch?: boolean;
  onReload?: (outcome: ReloadOutcome) => void;
  /** Empty the store before starting (`--reset`): settings, users, tokens, the app's records. */
  reset?: boolean;
  /** A JSON file of setting id -> value, stored once the app is installed (`--settings`). */
  settingsFile?: string;
}

export interface DevHost {
  /** The host's base URL; the console is at `${url}/`. */
  readonly url: string;
  readonly host: AppHost;
  /** The running app (watch mode: the latest build that installed). */
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
  /** Settings stored from `settingsFile`. */
  readonly presetSettings: readonly string[];
  /** Whether the store was emptied at start (`reset`). */
  readonly wasReset: boolean;
  /** Loads the app's files again and runs the new build (what watch mode does on a change). */
  reload(): Promise<ReloadOutcome>;
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
    // Read first: a bad file stops the start before anything listens.
    const presets = options.settingsFile === undefined ? undefined : await readSettingsFile(options.settingsFile, cwd);
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

    const store = await openDevStore(options.store, cwd, options.reset === true);
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
    // A syntax error or a missing export is told (with file:line) before the port is taken.
    const build = await loadDevApp(host, options.appModule, cwd);
    const port = options.port ?? 3000;
    const hostname = options.hostname ?? '127.0.0.1';
    const { url } = await host.listen({ port, host: hostname }).catch((error: unknown) => {
      throw explainListenError(error, port, hostname);
    });

    await seedUsers(host);
    const live = new LiveHub();
    cleanups.push(async () => live.close());
    requests.subscribe(() => live.publish('requests'));
    const connections = new ConnectionTracker(() => live.publish('connections'));
    cleanups.push(async () => connections.close());
    const runner = new DevAppRunner({ host, appModule: options.appModule, cwd, url, env, server: () => server, local: new LocalClients(), connections });
    let presetSettings: string[] = [];
    const { aliases, clients } = await runner.start(build, async (appId) => {
      if (presets !== undefined) presetSettings = await applySettings(host, appId, presets, options.settingsFile ?? '');
    });
    const staleConnectionsCleared = await clearStaleConnections(host, aliases, clients);

    if (server !== undefined && !aliases.some((a) => a.source === 'local server')) {
      // Nothing uses it: stop it rather than advertise a server no app talks to.
      await cleanups.shift()?.();
      server = undefined;
    }

    followHost(host, live, requests);
    const activity = new ActivityLog(() => live.publish('activity'));
    const ctx: ConsoleContext = {
      host,
      current: () => runner.current(),
      ...(server === undefined ? {} : { issuer: server.issuer }),
      activity,
      requests,
      connections,
      live,
      seen: new SeenRooms(),
      csrf: randomBytes(32).toString('base64url'),
      ...(options.watch === true ? { watching: true } : {}),
    };
    host.use(createConsoleHandler(ctx));

    const reload = async (files: readonly string[] = []): Promise<ReloadOutcome> => {
      const outcome = await runner.reload(files);
      const changed = files.length === 0 ? '' : ` (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`;
      if (outcome.ok) activity.add('ok', `reloaded the app${changed}`);
      else activity.add('error', `reload failed${changed}: ${outcome.error}`);
      live.publish('app');
      options.onReload?.(outcome);
      return outcome;
    };
    if (options.watch === true) {
      const ignored = store.file === undefined ? [] : [resolve(cwd, store.file)];
      const watcher = await watchSources(build.sourceFolder, ignored, (files) => void reload(files));
      cleanups.push(() => watcher.close());
    }

    const storeDescription = encryptionKey === undefined ? store.description : `${store.description}, encrypted with ${DEV_KEY_ENV}`;
    return {
      url,
      host,
      get app() {
        return runner.current().app;
      },
      get appId() {
        return runner.current().appId;
      },
      get aliases() {
        return runner.current().aliases;
      },
      storeDescription,
      warnings,
      authorizationServer: server,
      staleConnectionsCleared,
      requests,
      presetSettings,
      wasReset: options.reset === true,
      reload: () => reload(),
      close,
    };
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
    `the store could not be read with ${DEV_KEY_ENV} (${cause.message}); use the key it was written with, or start over with --reset (it empties the store)`,
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
  clients: ReadonlyMap<string, IOAuth2Client>,
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
