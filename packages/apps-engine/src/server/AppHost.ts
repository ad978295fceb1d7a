import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { Container } from 'inversify';
import type { IApiEndpointMetadata } from '../definition/api/IApi.ts';
import type { App } from '../definition/app/App.ts';
import type { IAppInfo } from '../definition/app/IAppInfo.ts';
import type { AppHostOptions, ListenOptions } from './AppHostOptions.ts';
import { installApp, type AppClass } from './apps/installApp.ts';
import type { HandlerAccessors, InstalledApp } from './apps/InstalledApp.ts';
import type { AppContainer } from './container/AppContainer.ts';
import { resolve, TOKENS, type HostConfig } from './container/tokens.ts';
import { HostError } from './errors.ts';
import { createRequestListener, type ExtraHandler } from './http/createRequestListener.ts';
import { InProcessLockBridge } from './locks/InProcessLockBridge.ts';
import { AppLogger } from './logging/AppLogger.ts';
import { consoleSink } from './logging/LogSink.ts';
import { Redactor } from './logging/redact.ts';
import { MessageLog, type MessageEvent } from './messages/MessageLog.ts';
import { OutboundAgents } from './outbound/OutboundAgents.ts';
import { createBridge } from './persistence/createBridge.ts';
import type { IPersistenceBridge } from './persistence/IPersistenceBridge.ts';
import { HostSettings } from './settings/HostSettings.ts';
import { runSlashCommand, type SlashCommandInvocation } from './slashcommands/runSlashCommand.ts';
import { UserDirectory } from './users/UserDirectory.ts';

/** App ids name URL path segments and store keys: keep them plain. */
const APP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppSummary {
  id: string;
  name: string;
  version: string;
  description: string;
  endpoints: IApiEndpointMetadata[];
  commands: string[];
}

export interface SlashCommandSummary {
  appId: string;
  command: string;
  i18nParamsExample: string;
  i18nDescription: string;
}

interface HostEvents {
  message: [MessageEvent];
}

/**
 * Runs apps: installs them (one DI child container each), serves their public endpoints over
 * `node:http`, keeps their settings, the user directory and a message log, and runs slash commands.
 */
export class AppHost extends EventEmitter<HostEvents> {
  readonly settings: HostSettings;
  readonly users: UserDirectory;

  private readonly bridge: IPersistenceBridge;
  private readonly closeStore: () => Promise<void>;
  private readonly root = new Container({ defaultScope: 'Singleton' });
  private readonly installed = new Map<string, InstalledApp>();
  private readonly installing = new Set<string>();
  private readonly extraHandlers: ExtraHandler[] = [];
  private readonly messageLog: MessageLog;
  private readonly hostLogger: AppLogger;
  private readonly agents = new OutboundAgents();
  private server: Server | undefined;
  private listenUrl: string | undefined;
  private closed = false;

  constructor(private readonly options: AppHostOptions = {}) {
    super();
    const redactor = new Redactor();
    const sink = options.logger ?? consoleSink;
    ({ bridge: this.bridge, close: this.closeStore } = createBridge(options));
    this.hostLogger = new AppLogger('host', sink, redactor);
    this.settings = new HostSettings(this.bridge, redactor, (appId, setting) => this.settingUpdated(appId, setting));
    this.users = new UserDirectory(this.bridge);
    this.messageLog = new MessageLog((event) => this.emit('message', event));
    const config: HostConfig = {
      siteUrl: () => this.siteUrl,
      httpTimeoutMs: options.httpTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
    this.root.bind(TOKENS.Bridge).toConstantValue(this.bridge);
    this.root.bind(TOKENS.LockBridge).toConstantValue(this.bridge.locks ?? new InProcessLockBridge());
    this.root.bind(TOKENS.Settings).toConstantValue(this.settings);
    this.root.bind(TOKENS.Users).toConstantValue(this.users);
    this.root.bind(TOKENS.Messages).toConstantValue(this.messageLog);
    this.root.bind(TOKENS.LogSink).toConstantValue(sink);
    this.root.bind(TOKENS.Redactor).toConstantValue(redactor);
    this.root.bind(TOKENS.HostConfig).toConstantValue(config);
    this.root.bind(TOKENS.OutboundAgents).toConstantValue(this.agents);
  }

  /** The public base URL: the `siteUrl` option, else the URL the host listens on. */
  get siteUrl(): string | undefined {
    return (this.options.siteUrl ?? this.listenUrl)?.replace(/\/+$/, '');
  }

  /** Messages apps sent to users, newest last (the newest 1 000). */
  get messages(): readonly MessageEvent[] {
    return this.messageLog.messages;
  }

  /** Starts serving; resolves with the URL and port actually bound. */
  async listen(options: ListenOptions = {}): Promise<{ url: string; port: number }> {
    this.assertOpen();
    if (this.server) {
      throw new HostError('host_closed', 'The host is already listening');
    }
    const server = createServer(
      createRequestListener({
        findApp: (appId) => this.installed.get(appId),
        maxBodyBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        authenticate: this.options.authenticate,
        extraHandlers: this.extraHandlers,
        hostLogger: this.hostLogger,
      }),
    );
    this.server = server;
    const hostname = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, hostname, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.listenUrl = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
    return { url: this.listenUrl, port };
  }

  /** Adds a handler for requests outside `/api/apps/` (e.g. a web console at `/`); tried in order. */
  use(handler: ExtraHandler): this {
    this.extraHandlers.push(handler);
    return this;
  }

  /** Constructs, configures and enables an app; resolves with the instance. */
  async install<T extends App>(Class: AppClass<T>, info: IAppInfo): Promise<T> {
    this.assertOpen();
    const id = info?.id;
    if (typeof id !== 'string' || !APP_ID.test(id)) {
      throw new HostError('invalid_app_id', `Invalid app id "${String(id)}": use letters, digits, ".", "_" or "-"`);
    }
    if (this.installed.has(id) || this.installing.has(id)) {
      throw new HostError('app_exists', `An app with id "${id}" is already installed`);
    }
    this.installing.add(id);
    try {
      const context = {
        root: this.root,
        settings: this.settings,
        redactor: resolve(this.root, TOKENS.Redactor),
        commandOwner: (command: string) => [...this.installed.values()].find((app) => app.commands.has(command))?.info.id,
      };
      const installed = await installApp(context, Class, { ...info });
      this.installed.set(id, installed);
      return installed.app;
    } finally {
      this.installing.delete(id);
    }
  }

  /** Disables and removes an app; its stored records and setting values stay in the store. */
  async uninstall(appId: string): Promise<void> {
    const installed = this.require(appId);
    this.installed.delete(appId);
    this.settings.undefine(appId);
    const { read, http, persistence, modify } = installed;
    await this.quietly(installed, 'onDisable', () => installed.app.onDisable(installed.configurationModify));
    await this.quietly(installed, 'onUninstall', () => installed.app.onUninstall({}, read, http, persistence, modify));
    installed.container.unbindAll();
  }

  apps(): AppSummary[] {
    return [...this.installed.values()].map(({ info, endpoints, commands }) => ({
      id: info.id,
      name: info.name,
      version: info.version,
      description: info.description ?? '',
      endpoints: endpoints.metadata(),
      commands: [...commands.keys()],
    }));
  }

  getApp<T extends App = App>(appId: string): T | undefined {
    return this.installed.get(appId)?.app as T | undefined;
  }

  /** What the app's handlers receive, for code running outside a request (tests, jobs). */
  accessors(appId: string): HandlerAccessors {
    const { read, modify, http, persistence, environment, locks, logger } = this.require(appId);
    return { read, modify, http, persistence, environment, locks, logger };
  }

  /** The app's DI container (a child of the host's root container). */
  container(appId: string): AppContainer {
    return this.require(appId).container;
  }

  slashCommands(): SlashCommandSummary[] {
    return [...this.installed.values()].flatMap(({ info, commands }) =>
      [...commands.entries()].map(([command, definition]) => ({
        appId: info.id,
        command,
        i18nParamsExample: definition.i18nParamsExample,
        i18nDescription: definition.i18nDescription,
      })),
    );
  }

  /** Runs `/command args` as the user; rejects with `command_not_found`, `user_not_found` or `command_failed`. */
  executeSlashCommand(invocation: SlashCommandInvocation): Promise<void> {
    this.assertOpen();
    return runSlashCommand(this.installed.values(), this.users, invocation);
  }

  /**
   * Disables every app and stops serving. A store passed in stays open: its owner closes it; one
   * the host opened from a location is disconnected.
   */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const installed of this.installed.values()) {
      await this.quietly(installed, 'onDisable', () => installed.app.onDisable(installed.configurationModify));
    }
    this.installed.clear();
    this.agents.close();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.closeStore();
  }

  private async settingUpdated(appId: string, setting: Parameters<App['onSettingUpdated']>[0]): Promise<void> {
    const installed = this.installed.get(appId);
    if (installed) {
      const { configurationModify, read, http } = installed;
      await this.quietly(installed, 'onSettingUpdated', () => installed.app.onSettingUpdated(setting, configurationModify, read, http));
    }
  }

  /** Runs an app hook whose failure must not stop the host; the failure is logged under the app. */
  private async quietly(installed: InstalledApp, hook: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      installed.logger.error(`${hook} failed:`, error);
    }
  }

  private require(appId: string): InstalledApp {
    const installed = this.installed.get(appId);
    if (!installed) {
      throw new HostError('app_not_found', `No app "${appId}" is installed`);
    }
    return installed;
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new HostError('host_closed', 'The host is closed');
    }
  }
}
