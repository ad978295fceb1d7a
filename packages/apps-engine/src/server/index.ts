// @plugboard/apps-engine/server: the host runtime.
export { AppHost, type AppSummary, type SlashCommandSummary } from './AppHost.ts';
export type { AppHostOptions, ListenOptions } from './AppHostOptions.ts';
export type { HandlerAccessors } from './apps/InstalledApp.ts';
export type { AppClass } from './apps/installApp.ts';
export { SITE_URL } from './accessors/EnvironmentReader.ts';
export { TOKENS, type HostConfig, type Token } from './container/tokens.ts';
export { HostError, PersistenceError, type HostErrorCode, type PersistenceErrorCode } from './errors.ts';
export type { ExtraHandler, IncomingRequestInfo } from './http/createRequestListener.ts';
export { InProcessLockBridge } from './locks/InProcessLockBridge.ts';
export { consoleSink, type LogEntry, type LogLevel, type LogSink } from './logging/LogSink.ts';
export { Redactor } from './logging/redact.ts';
export type { MessageEvent } from './messages/MessageLog.ts';
export type { Association, ILockBridge, IPersistenceBridge } from './persistence/IPersistenceBridge.ts';
export { MemoryPersistenceBridge } from './persistence/MemoryPersistenceBridge.ts';
export type { SlashCommandInvocation } from './slashcommands/runSlashCommand.ts';
export { HostSettings } from './settings/HostSettings.ts';
export { UserDirectory } from './users/UserDirectory.ts';
