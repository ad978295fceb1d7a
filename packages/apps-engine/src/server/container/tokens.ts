import type { IEnvironmentRead, IEnvironmentWrite, IHttp, ILogger, IMessageRead, IModify, IModifyCreator, IModifyDeleter, IModifyExtender, IModifyUpdater, INotifier, IPersistenceRead, IRead, IRoomRead, ISchedulerModify, IUIController, IUserRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IThreadRead } from '@rocket.chat/apps-engine/definition/accessors/IThreadRead.js';
import type { IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api/index.js';
import type { ILockAccessor } from '../../definition/extensions/locks.ts';
import type { IPlugboardAppAccessors } from '../../definition/extensions/accessors.ts';
import type { IPlugboardHttp } from '../../definition/extensions/http.ts';
import type { IPlugboardPersistence } from '../../definition/extensions/persistence.ts';
import type { Chat } from '../chat/Chat.ts';
import type { LogSink } from '../logging/LogSink.ts';
import type { Redactor } from '../logging/redact.ts';
import type { HttpDefaults } from '../outbound/HttpDefaults.ts';
import type { OutboundAgents } from '../outbound/OutboundAgents.ts';
import type { HttpObserver } from '../observe/HttpExchange.ts';
import type { ILockBridge, IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import type { HostSettings } from '../settings/HostSettings.ts';
import type { AppScheduler } from '../scheduler/AppScheduler.ts';
import type { HostScheduler } from '../scheduler/HostScheduler.ts';
import type { ViewStore } from '../uikit/ViewStore.ts';
import type { UserDirectory } from '../users/UserDirectory.ts';

/** A typed symbol: `container.get(TOKENS.Read)` is an `IRead` without casts. */
export type Token<T> = symbol & { readonly __type?: T };

function token<T>(name: string): Token<T> {
  return Symbol.for(`plugboard.${name}`) as Token<T>;
}

/** What the host's per-app containers hold. Services ask for these with `@inject(TOKENS.X)`. */
export const TOKENS = {
  // Host-wide, bound once in the root container.
  Bridge: token<IPersistenceBridge>('Bridge'),
  LockBridge: token<ILockBridge>('LockBridge'),
  Settings: token<HostSettings>('Settings'),
  Users: token<UserDirectory>('Users'),
  Chat: token<Chat>('Chat'),
  Views: token<ViewStore>('Views'),
  LogSink: token<LogSink>('LogSink'),
  Redactor: token<Redactor>('Redactor'),
  HostConfig: token<HostConfig>('HostConfig'),
  OutboundAgents: token<OutboundAgents>('OutboundAgents'),
  HostScheduler: token<HostScheduler>('HostScheduler'),
  /** Hears every outbound request of every app (the host's `http` event). */
  HttpObserver: token<HttpObserver>('HttpObserver'),
  // Per app, bound in the app's child container.
  AppId: token<string>('AppId'),
  HttpDefaults: token<HttpDefaults>('HttpDefaults'),
  ProvidedEndpoints: token<IApiEndpointMetadata[]>('ProvidedEndpoints'),
  Logger: token<ILogger>('Logger'),
  Persistence: token<IPlugboardPersistence>('Persistence'),
  PersistenceRead: token<IPersistenceRead>('PersistenceRead'),
  EnvironmentRead: token<IEnvironmentRead>('EnvironmentRead'),
  EnvironmentWrite: token<IEnvironmentWrite>('EnvironmentWrite'),
  UserRead: token<IUserRead>('UserRead'),
  RoomRead: token<IRoomRead>('RoomRead'),
  MessageRead: token<IMessageRead & IThreadRead>('MessageRead'),
  Notifier: token<INotifier>('Notifier'),
  Read: token<IRead>('Read'),
  Creator: token<IModifyCreator>('Creator'),
  Updater: token<IModifyUpdater>('Updater'),
  Deleter: token<IModifyDeleter>('Deleter'),
  Extender: token<IModifyExtender>('Extender'),
  UiController: token<IUIController>('UiController'),
  Scheduler: token<ISchedulerModify>('Scheduler'),
  /** The app's scheduler with the host's side (processors, start, stop); `Scheduler` is the same object. */
  AppScheduler: token<AppScheduler>('AppScheduler'),
  Modify: token<IModify>('Modify'),
  Http: token<IPlugboardHttp>('Http'),
  /** The outbound client without the app's request/response handlers. */
  RawHttp: token<IHttp>('RawHttp'),
  Locks: token<ILockAccessor>('Locks'),
  Accessors: token<IPlugboardAppAccessors>('Accessors'),
} as const;

/** Host settings services read at call time (the site URL is known only once the host listens). */
export interface HostConfig {
  siteUrl(): string | undefined;
  readonly siteName: string;
  readonly httpTimeoutMs: number;
  /** Environment variables apps may read (upper case); `ROOT_URL` is always the site URL. */
  readonly environmentVariables: readonly string[];
}

/** `container.get` with the token's type (a bare symbol would resolve to `unknown`). */
export function resolve<T>(container: { get<U>(token: symbol): U }, token: Token<T>): T {
  return container.get<T>(token);
}
