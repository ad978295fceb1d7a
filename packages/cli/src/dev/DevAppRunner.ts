import type { AppHost } from '@plugboard/apps-engine/server';
import type { AuthorizationServer } from '@plugboard/testing';
import { configureAliases } from './configureAliases.ts';
import type { DevApp } from './console/context.ts';
import type { ConnectionTracker } from './console/connections/ConnectionTracker.ts';
import { installDevApp, loadDevApp, type DevAppBuild } from './load/loadApp.ts';
import type { LocalClients } from './localClients.ts';
import { findOAuthClients } from './oauthClients.ts';

/** What a reload did, for the terminal and the console. */
export type ReloadOutcome =
  | { ok: true; files: readonly string[]; app: DevApp }
  | {
      ok: false;
      files: readonly string[];
      /** Why, with file:line where there is one. */
      error: string;
      /** Whether an app still runs: the previous build (a build that did not load never replaced it). */
      running: boolean;
    };

export interface RunnerOptions {
  host: AppHost;
  /** What `plugboard dev` was given, and the folder it is relative to. */
  appModule: string;
  cwd: string;
  /** The host's URL (redirect URIs are made from it). */
  url: string;
  env: Record<string, string | undefined>;
  /** The bundled server while it runs (it is stopped at start when no alias uses it). */
  server(): AuthorizationServer | undefined;
  local: LocalClients;
  connections: ConnectionTracker;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The app the dev host runs, and its reloads: a new build is loaded first (a build that does not
 * load leaves the running one alone), then the running app is unloaded (its store, settings and
 * tokens stay) and the new build installed, with the bundled server's clients kept.
 */
export class DevAppRunner {
  private running: DevApp | undefined;
  private build: DevAppBuild | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RunnerOptions) {}

  current(): DevApp {
    if (this.running === undefined) throw new Error('the app is not running');
    return this.running;
  }

  /**
   * Installs the first build (loaded before the host listened). `prepare` runs once the app is
   * installed and before its OAuth aliases are configured (preset settings may hold a client id).
   */
  async start(build: DevAppBuild, prepare?: (appId: string) => Promise<void>): Promise<DevApp> {
    return this.install(build, prepare);
  }

  /** Loads the app's files again and swaps the running app for the new build; one reload at a time. */
  reload(files: readonly string[] = []): Promise<ReloadOutcome> {
    const next = this.queue.then(() => this.swap(files));
    this.queue = next.catch(() => {});
    return next;
  }

  private async swap(files: readonly string[]): Promise<ReloadOutcome> {
    const { host, appModule, cwd } = this.options;
    let build: DevAppBuild;
    try {
      build = await loadDevApp(host, appModule, cwd, true);
    } catch (error) {
      return { ok: false, files, error: message(error), running: this.running !== undefined };
    }
    const previous = this.build;
    if (this.running !== undefined) {
      await host.unload(this.running.appId);
      this.running = undefined;
    }
    try {
      return { ok: true, files, app: await this.install(build) };
    } catch (error) {
      // The new build loaded but failed to install (e.g. onEnable threw): the previous one runs again.
      const restored = previous === undefined ? false : await this.install(previous).then(() => true, () => false);
      return { ok: false, files, error: message(error), running: restored };
    }
  }

  private async install(build: DevAppBuild, prepare?: (appId: string) => Promise<void>): Promise<DevApp> {
    const { host, url, env, server, local, connections } = this.options;
    const { app, appId } = await installDevApp(host, build);
    await prepare?.(appId);
    const clients = findOAuthClients(app);
    const aliases = await configureAliases(host, appId, url, env, server(), clients, local);
    connections.follow(clients);
    this.running = { app, appId, aliases, clients };
    this.build = build;
    return this.running;
  }
}
