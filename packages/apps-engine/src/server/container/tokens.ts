import type { IApiEndpointMetadata } from '../../definition/api/IApi.ts';
import type { IAppAccessors } from '../../definition/accessors/IAppAccessors.ts';
import type { IEnvironmentRead } from '../../definition/accessors/IEnvironmentRead.ts';
import type { ILogger } from '../../definition/accessors/ILogger.ts';
import type { IModify } from '../../definition/accessors/IModify.ts';
import type { IRead } from '../../definition/accessors/IRead.ts';
import type { ILockAccessor } from '../../definition/coordination/ILockAccessor.ts';
import type { IHttp } from '../../definition/http/IHttp.ts';
import type { IPersistence, IPersistenceRead } from '../../definition/persistence/IPersistence.ts';
import type { LogSink } from '../logging/LogSink.ts';
import type { Redactor } from '../logging/redact.ts';
import type { MessageLog } from '../messages/MessageLog.ts';
import type { HttpDefaults } from '../outbound/HttpDefaults.ts';
import type { OutboundAgents } from '../outbound/OutboundAgents.ts';
import type { ILockBridge, IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import type { HostSettings } from '../settings/HostSettings.ts';
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
  Messages: token<MessageLog>('Messages'),
  LogSink: token<LogSink>('LogSink'),
  Redactor: token<Redactor>('Redactor'),
  HostConfig: token<HostConfig>('HostConfig'),
  OutboundAgents: token<OutboundAgents>('OutboundAgents'),
  // Per app, bound in the app's child container.
  AppId: token<string>('AppId'),
  HttpDefaults: token<HttpDefaults>('HttpDefaults'),
  ProvidedEndpoints: token<IApiEndpointMetadata[]>('ProvidedEndpoints'),
  Logger: token<ILogger>('Logger'),
  Persistence: token<IPersistence>('Persistence'),
  PersistenceRead: token<IPersistenceRead>('PersistenceRead'),
  EnvironmentRead: token<IEnvironmentRead>('EnvironmentRead'),
  Read: token<IRead>('Read'),
  Modify: token<IModify>('Modify'),
  Http: token<IHttp>('Http'),
  Locks: token<ILockAccessor>('Locks'),
  Accessors: token<IAppAccessors>('Accessors'),
} as const;

/** Host settings services read at call time (the site URL is known only once the host listens). */
export interface HostConfig {
  siteUrl(): string | undefined;
  readonly httpTimeoutMs: number;
}

/** `container.get` with the token's type (a bare symbol would resolve to `unknown`). */
export function resolve<T>(container: { get<U>(token: symbol): U }, token: Token<T>): T {
  return container.get<T>(token);
}
