import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { Container } from 'inversify';
import { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus.js';
import { RoomType, type IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { type App } from '@rocket.chat/apps-engine/definition/App.js';
import { type IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api/index.js';
import { type IMessage } from '@rocket.chat/apps-engine/definition/messages/index.js';
import { type ISetting } from '@rocket.chat/apps-engine/definition/settings/index.js';
import { type IUIActionButton } from '@rocket.chat/apps-engine/definition/ui/index.js';
import { type IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import type { AppHostOptions, ListenOptions } from './AppHostOptions.ts';
import { completeAppInfo, type AppInfoInput } from './apps/appInfo.ts';
import { installApp, setStatus, type AppClass } from './apps/installApp.ts';
import type { HandlerAccessors, InstalledApp } from './apps/InstalledApp.ts';
import { InstallRecords } from './apps/InstallRecords.ts';
import { Chat } from './chat/Chat.ts';
import { MessageLog, type MessageEvent } from './chat/MessageLog.ts';
import { MessageStore } from './chat/MessageStore.ts';
import { RoomStore } from './chat/RoomStore.ts';
import type { AppContainer } from './container/AppContainer.ts';
import { resolve, TOKENS, type HostConfig } from './container/tokens.ts';
import { HostError } from './errors.ts';
import { AllowedHosts } from './http/AllowedHosts.ts';
import { createRequestListener, type ExtraHandler } from './http/createRequestListener.ts';
import type { HttpExchange, HttpObserver } from './observe/HttpExchange.ts';
import { createLimitedServer, resolveServerLimits, type ServerLimits } from './http/serverLimits.ts';
import { loadAppFolder } from './loader/loadAppFolder.ts';
import { InProcessLockBridge } from './locks/InProcessLockBridge.ts';
import { AppLogger } from './logging/AppLogger.ts';
import { consoleSink } from './logging/LogSink.ts';
import { Redactor } from './logging/redact.ts';
import { OutboundAgents } from './outbound/OutboundAgents.ts';
import { createBridge } from './persistence/createBridge.ts';
import type { IPersistenceBridge } from './persistence/IPersistenceBridge.ts';
import { HostSettings } from './settings/HostSettings.ts';
import { sendUserMessage, type UserMessage } from './listeners/messageSent.ts';
import { runSlashCommand, type SlashCommandInvocation } from './slashcommands/runSlashCommand.ts';
import { HostScheduler } from './scheduler/HostScheduler.ts';
import { actionButtons, type ActionButtonFilter } from './uikit/actionButtons.ts';
import type { Interaction, InteractionResult } from './uikit/Interaction.ts';
import { InteractionDispatcher } from './uikit/InteractionDispatcher.ts';
import { ViewStore, type ViewChange } from './uikit/ViewStore.ts';
import { UserDirectory, type UserInput } from './users/UserDirectory.ts';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_ADMIN: UserInput = { id: 'admin', username: 'admin', name: 'Administrator', roles: ['admin', 'user'] };
/** The channel a slash command runs in when the caller names no room (Rocket.Chat's `#general`). */
const GENERAL = 'general';

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

export interface HostEvents {
  /** A message was posted in a room, or an ephemeral notification shown to one user. */
  message: [MessageEvent];
  messageUpdated: [IMessage];
  messageDeleted: [{ id: string; roomId: string }];
  /** A room was created or changed (members, name, fields). */
  room: [IRoom];
  roomDeleted: [{ id: string }];
  /** An app opened, updated or closed a view (modal, contextual bar) for a user. */
  view: [ViewChange];
  /**
   * An app made an outbound request, or one of its endpoints answered one: method, a redacted URL,
   * status, duration and what the request was for, never a header, body or credential.
   */
  http: [HttpExchange];
}

/**
 * Runs Rocket.Chat apps: installs them (one DI child container each) through Rocket.Chat's own
 * lifecycle, serves their public endpoints over `node:http`, and keeps their settings, the users,
 * rooms and messages of a small chat, the views apps open, and a log of recent messages.
 */
export class AppHost extends EventEmitter<HostEvents> {
  readonly settings: HostSettings;
  readonly users: UserDirectory;
  /** Rooms and messages, as the host's chat holds them (shared by every host on the store). */
  readonly chat: Chat;
  /** Views (modals, contextual bars) apps have open, per user. */
  readonly views: ViewStore;

  private readonly bridge: IPersistenceBridge;
  private readonly closeStore: () => Promise<void>;
  private readonly root = new Container({ defaultScope: 'Singleton' });
  private readonly installed = new Map<string, InstalledApp>();
  private readonly installing = new Set<string>();
  private readonly extraHandlers: ExtraHandler[] = [];
  private readonly messageLog: MessageLog;
  private readonly records: InstallRecords;
  private readonly hostLogger: AppLogger;
  private readonly agents = new OutboundAgents();
  private readonly interactions: InteractionDispatcher;
  private readonly scheduler: HostScheduler;
  private readonly limits: ServerLimits;
  private readonly allowedHosts: AllowedHosts | undefined;
  private readonly httpObserver: HttpObserver = {
    active: () => this.listenerCount('http') > 0,
    record: (exchange) => {
      try {
        this.emit('http', exchange);
      } catch (error) {
        // A listener's bug must not fail the app's request.
        this.hostLogger.error('An http listener threw:', error);
      }
    },
  };
  private server: Server | undefined;
  private listenUrl: string | undefined;
  private closed = false;

  constructor(private readonly options: AppHostOptions = {}) {
    super();
    // Checked here, so a wrong value fails at construction rather than at listen().
    this.limits = resolveServerLimits(options);
    this.allowedHosts = options.allowedHosts === undefined ? undefined : new AllowedHosts(options.allowedHosts);
    const redactor = new Redactor();
    const sink = options.logger ?? consoleSink;
    ({ bridge: this.bridge, close: this.closeStore } = createBridge({
      ...options,
      // Called only on reads, after the constructor: the host logger redacts like every line.
      log: (message) => this.hostLogger.warn(message),
    }));
    this.hostLogger = new AppLogger('host', sink, redactor);
    this.settings = new HostSettings(this.bridge, redactor, {
      before: (appId, oldSetting, newSetting) => this.preSettingUpdate(appId, oldSetting, newSetting),
      after: (appId, setting) => this.settingUpdated(appId, setting),
    }, options.settingsCacheMs);
    this.users = new UserDirectory(this.bridge);
    this.records = new InstallRecords(this.bridge);
    this.messageLog = new MessageLog((event) => this.emit('message', event));
    const rooms = new RoomStore(this.bridge, this.users);
    this.chat = new Chat(rooms, new MessageStore(this.bridge, this.users, rooms), this.users, this.messageLog, {
      messageUpdated: (message) => this.emit('messageUpdated', message),
      messageDeleted: (id, roomId) => this.emit('messageDeleted', { id, roomId }),
      roomChanged: (room) => this.emit('room', room),
      roomDeleted: (id) => this.emit('roomDeleted', { id }),
    });
    this.views = new ViewStore((change) => this.emit('view', change));
    this.interactions = new InteractionDispatcher({
      apps: () => this.installed.values(),
      chat: this.chat,
      views: this.views,
      messages: () => this.messageLog.messages,
    });
    this.scheduler = new HostScheduler({
      options: options.scheduler,
      store: options.store,
      bridge: this.bridge,
      logError: (message, error) => this.hostLogger.error(message, error),
    });
    const config: HostConfig = {
      siteUrl: () => this.siteUrl,
      siteName: options.siteName ?? 'Plugboard',
      httpTimeoutMs: options.httpTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      environmentVariables: (options.environmentVariables ?? ['NODE_ENV']).map((name) => name.toUpperCase()),
    };
    this.root.bind(TOKENS.Bridge).toConstantValue(this.bridge);
    this.root.bind(TOKENS.LockBridge).toConstantValue(this.bridge.locks ?? new InProcessLockBridge());
    this.root.bind(TOKENS.Settings).toConstantValue(this.settings);
    this.root.bind(TOKENS.Users).toConstantValue(this.users);
    this.root.bind(TOKENS.Chat).toConstantValue(this.chat);
    this.root.bind(TOKENS.Views).toConstantValue(this.views);
    this.root.bind(TOKENS.LogSink).toConstantValue(sink);
    this.root.bind(TOKENS.Redactor).toConstantValue(redactor);
    this.root.bind(TOKENS.HostConfig).toConstantValue(config);
    this.root.bind(TOKENS.OutboundAgents).toConstantValue(this.agents);
    this.root.bind(TOKENS.HostScheduler).toConstantValue(this.scheduler);
    this.root.bind(TOKENS.HttpObserver).toConstantValue(this.httpObserver);
  }

  /** The public base URL: the `siteUrl` option, else the URL the host listens on. */
  get siteUrl(): string | undefined {
    return (this.options.siteUrl ?? this.listenUrl)?.replace(/\/+$/, '');
  }

  /** Messages this host saw (room messages and ephemeral notifications), newest last (the newest 1 000). */
  get messages(): readonly MessageEvent[] {
    return this.messageLog.messages;
  }

  /** Starts serving; resolves with the URL and port actually bound. */
  async listen(options: ListenOptions = {}): Promise<{ url: string; port: number }> {
    this.assertOpen();
    if (this.server) {
      throw new HostError('host_closed', 'The host is already listening');
    }
    const server = createLimitedServer(
      createRequestListener({
        findApp: (appId) => this.installed.get(appId),
        maxBodyBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        authenticate: this.options.authenticate,
        allowedHosts: this.allowedHosts,
        extraHandlers: this.extraHandlers,
        hostLogger: this.hostLogger,
        observer: this.httpObserver,
      }),
      this.limits,
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

  /**
   * Constructs, initializes and enables an app through Rocket.Chat's lifecycle; resolves with the
   * instance. `info` is the app's `app.json` (only `id`, `name` and `version` are required).
   */
  async install<T extends App>(Class: AppClass<T>, info: AppInfoInput): Promise<T> {
    this.assertOpen();
    const complete = completeAppInfo(info);
    const id = complete.id;
    if (this.installed.has(id) || this.installing.has(id)) {
      throw new HostError('app_exists', `An app with id "${id}" is already installed`);
    }
    this.installing.add(id);
    try {
      const context = {
        root: this.root,
        settings: this.settings,
        users: this.users,
        records: this.records,
        redactor: resolve(this.root, TOKENS.Redactor),
        admin: () => this.admin(),
        commandOwner: (command: string) => [...this.installed.values()].find((app) => app.commands.has(command))?.info.id,
      };
      const installed = await installApp(context, Class, complete);
      this.installed.set(id, installed);
      return installed.app;
    } finally {
      this.installing.delete(id);
    }
  }

  /**
   * Installs the Rocket.Chat app in an rc-apps folder (`app.json` + its `classFile`, TypeScript or
   * JavaScript, as `rc-apps create` makes it) and resolves with the instance. The class file and the
   * app's own files are compiled into one module; packages come from the folder's node_modules, and
   * `@rocket.chat/apps-engine` from there too, else from the host's copy. An app importing Rocket.Chat's
   * `createOAuth2Client` gets `@plugboard/oauth2`'s secure client when that package is installed.
   * Nothing is installed when the folder is at fault: `invalid_app_folder` (app.json, classFile),
   * `unsupported_api_version`, `app_compile_failed`, `missing_dependency`, `app_load_failed`,
   * `invalid_app_class`, each naming the file (and field).
   */
  async installFrom(folder: string): Promise<App> {
    const { AppClass, info } = await this.loadFrom(folder);
    return this.install(AppClass, info);
  }

  /**
   * The load step of `installFrom`: `app.json` read, the class file compiled and run, its App class
   * found; nothing installed. Fails with the same errors, naming the file (and line). A dev loop
   * checks an app this way before it listens, or before it lets the running build go.
   */
  async loadFrom(folder: string): Promise<{ AppClass: AppClass<App>; info: AppInfoInput }> {
    this.assertOpen();
    const { AppClass, info } = await loadAppFolder(folder, {
      warn: (message) => this.hostLogger.warn(message),
      logger: (appId) => new AppLogger(appId, resolve(this.root, TOKENS.LogSink), resolve(this.root, TOKENS.Redactor)),
    });
    return { AppClass, info };
  }

  /**
   * Stops running an app on this host, as closing the host does (`onDisable`; its jobs stop here and
   * stay scheduled) and forgets its instance, settings definitions and open views. Unlike
   * `uninstall`, nothing is removed: records, setting values and the install record stay, so
   * installing a new build of the app afterwards is a restart (no `onInstall`), as in a dev loop.
   */
  async unload(appId: string): Promise<void> {
    const installed = this.require(appId);
    this.installed.delete(appId);
    this.settings.undefine(appId);
    this.views.closeApp(appId);
    await this.quietly(installed, 'onDisable', () => installed.app.onDisable(installed.configurationModify));
    await this.quietly(installed, 'stopping its jobs', () => resolve(installed.container, TOKENS.AppScheduler).stop());
    installed.container.unbindAll();
  }

  /**
   * Disables and uninstalls an app (`onDisable`, then `onUninstall`); its stored records and setting
   * values stay in the store. The next install of this app runs `onInstall` again.
   */
  async uninstall(appId: string): Promise<void> {
    const installed = this.require(appId);
    this.installed.delete(appId);
    this.settings.undefine(appId);
    this.views.closeApp(appId);
    const { read, http, persistence, modify } = installed;
    await this.quietly(installed, 'onDisable', () => installed.app.onDisable(installed.configurationModify));
    await setStatus(installed.app, AppStatus.MANUALLY_DISABLED);
    await this.quietly(installed, 'onUninstall', async () => installed.app.onUninstall({ user: await this.admin() }, read, http, persistence, modify));
    // As on Rocket.Chat, uninstalling cancels the app's jobs (for every host of the deployment).
    await this.quietly(installed, 'cancelling its jobs', () => resolve(installed.container, TOKENS.AppScheduler).purge());
    await this.records.remove(appId);
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
    return [...this.installed.values()].flatMap(({ info, commands, slashCommands }) =>
      [...commands.entries()]
        .filter(([command]) => slashCommands.serves(command))
        .map(([command, definition]) => ({
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
    return runSlashCommand(this.installed.values(), this.chat, () => this.general(), invocation, this.views.triggers);
  }

  /**
   * A user sends a message in a room, as from a chat client: the apps' message listeners run
   * (`IPreMessageSentPrevent`, `...Extend`, `...Modify`, `IPostMessageSentToBot`, `IPostMessageSent`).
   * Resolves with the message as posted, or `undefined` when an app prevented it. Messages apps
   * send do not go through the listeners.
   */
  async sendMessage(message: UserMessage): Promise<MessageEvent | undefined> {
    this.assertOpen();
    return sendUserMessage([...this.installed.values()], this.chat, message);
  }

  /**
   * Does what a user does in a chat client: clicks a block element (`blockAction`), submits or
   * closes a view (`viewSubmit`, `viewClosed`), picks an action button (`actionButton`). The app's
   * handler runs with the official context; its response is applied to the user's views as
   * Rocket.Chat's client applies it. Resolves with the response and the user's open views; rejects
   * with `user_not_found`, `app_not_found`, `message_not_found`, `room_not_found`,
   * `view_not_found`, `action_not_found`, `invalid_interaction`, or `interaction_failed` (the
   * handler threw: logged under the app, its error as `cause`).
   */
  async interact(interaction: Interaction): Promise<InteractionResult> {
    this.assertOpen();
    return this.interactions.interact(interaction);
  }

  /**
   * The action buttons enabled apps registered (`configuration.ui.registerButton`), each with its
   * app id, that a client shows in the given menu, room and for the given user.
   */
  actionButtons(filter: ActionButtonFilter = {}): IUIActionButton[] {
    return actionButtons(this.installed.values(), filter);
  }

  /** The installing administrator (`IAppInstallationContext.user`): the `admin` option, created on first use. */
  async admin(): Promise<IUser> {
    const input = this.options.adminUser ?? DEFAULT_ADMIN;
    return (await this.users.getById(input.id)) ?? this.users.add(input);
  }

  /**
   * Stops running jobs, disables every app and stops serving. Scheduled jobs stay scheduled (a new
   * host on the same store or Redis runs them). A store passed in stays open: its owner closes it;
   * one the host opened from a location is disconnected.
   */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    // Jobs stop first (running ones finish, on a store still open); they stay scheduled for the next start.
    await this.scheduler.close().catch((error: unknown) => this.hostLogger.error('Stopping the jobs failed:', error));
    for (const installed of this.installed.values()) {
      await this.quietly(installed, 'onDisable', () => installed.app.onDisable(installed.configurationModify));
    }
    this.installed.clear();
    await this.agents.close();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.closeStore();
  }

  /** `#general`, created by the administrator the first time a command runs without a room. */
  private async general(): Promise<IRoom> {
    const existing = await this.chat.rooms.getByName(GENERAL);
    if (existing) {
      return existing;
    }
    const admin = await this.admin();
    try {
      const id = await this.chat.rooms.create({ type: RoomType.CHANNEL, slugifiedName: GENERAL, displayName: GENERAL, creatorId: admin.id, usernames: [admin.username], isDefault: true });
      return this.chat.announce(id);
    } catch (error) {
      // Another host (or call) made it first.
      const made = await this.chat.rooms.getByName(GENERAL);
      if (made) return made;
      throw error;
    }
  }

  private async preSettingUpdate(appId: string, oldSetting: ISetting, newSetting: ISetting): Promise<ISetting> {
    const installed = this.installed.get(appId);
    if (!installed) {
      return newSetting;
    }
    const { configurationModify, read, http } = installed;
    // A throwing hook refuses the change, as on Rocket.Chat.
    return (await installed.app.onPreSettingUpdate({ oldSetting, newSetting }, configurationModify, read, http)) ?? newSetting;
  }

  private async settingUpdated(appId: string, setting: ISetting): Promise<void> {
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
