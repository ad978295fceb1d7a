// @plugboard/apps-engine/server: the host runtime.
export { AppHost, type AppSummary, type HostEvents, type SlashCommandSummary } from './AppHost.ts';
export type { AppHostOptions, ListenOptions } from './AppHostOptions.ts';
export type { HandlerAccessors, HostConfigurationModify } from './apps/InstalledApp.ts';
export { completeAppInfo, type AppInfoInput } from './apps/appInfo.ts';
export type { AppClass } from './apps/installApp.ts';
export { SITE_URL } from './accessors/read/EnvironmentReader.ts';
export { TOKENS, type HostConfig, type Token } from './container/tokens.ts';
export type { AppContainer } from './container/AppContainer.ts';
export { HostError, PersistenceError, type HostErrorCode, type PersistenceErrorCode } from './errors.ts';
export type { ExtraHandler, IncomingRequestInfo } from './http/createRequestListener.ts';
export { AllowedHosts } from './http/AllowedHosts.ts';
export type { HttpExchange } from './observe/HttpExchange.ts';
export { redactUrl } from './observe/redactUrl.ts';
export { DEFAULT_SERVER_LIMITS, type ServerLimits } from './http/serverLimits.ts';
export { InProcessLockBridge } from './locks/InProcessLockBridge.ts';
export { consoleSink, type LogEntry, type LogLevel, type LogSink } from './logging/LogSink.ts';
export { Redactor } from './logging/redact.ts';
export type { MessageEvent } from './chat/MessageLog.ts';
export type { Chat } from './chat/Chat.ts';
export type { RoomStore } from './chat/RoomStore.ts';
export type { MessageStore } from './chat/MessageStore.ts';
export type { ViewStore, OpenView, ViewChange, ServerInteraction, Delivery } from './uikit/ViewStore.ts';
export type { ViewState } from './uikit/interactiveElements.ts';
export type { TriggerRegistry, Trigger } from './uikit/TriggerRegistry.ts';
export type {
  Interaction,
  InteractionResult,
  BlockActionInteraction,
  ViewSubmitInteraction,
  ViewClosedInteraction,
  ActionButtonInteraction,
} from './uikit/Interaction.ts';
export { roomTypeFilters, type ActionButtonFilter } from './uikit/actionButtons.ts';
export { appUserId } from './users/appUser.ts';
export type { Association, ILockBridge, IPersistenceBridge } from './persistence/IPersistenceBridge.ts';
export { MemoryPersistenceBridge } from './persistence/MemoryPersistenceBridge.ts';
export { KeyvPersistenceBridge } from './persistence/keyv/KeyvPersistenceBridge.ts';
export { openKeyvStore, type OpenStoreOptions } from './persistence/keyv/openKeyvStore.ts';
export { EncryptingPersistenceBridge } from './persistence/EncryptingPersistenceBridge.ts';
export { RedisLockBridge, type RedisLockClient } from './locks/RedisLockBridge.ts';
export type { SlashCommandInvocation } from './slashcommands/runSlashCommand.ts';
export type { UserMessage } from './listeners/messageSent.ts';
export type { SchedulerOptions } from './scheduler/HostScheduler.ts';
export { HostSettings } from './settings/HostSettings.ts';
export { UserDirectory, type UserInput } from './users/UserDirectory.ts';
