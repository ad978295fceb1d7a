import type { Container } from 'inversify';
import type { App } from '@rocket.chat/apps-engine/definition/App.js';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import type { IConfigurationModify, IEnvironmentRead, ILogger, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IPlugboardHttp } from '../../definition/extensions/http.ts';
import type { IPlugboardPersistence } from '../../definition/extensions/persistence.ts';
import type { ILockAccessor } from '../../definition/extensions/locks.ts';
import type { IPlugboardAppAccessors } from '../../definition/extensions/accessors.ts';
import type { IPlugboardInteractionHandler } from '../../definition/extensions/interactions.ts';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler/index.js';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings/index.js';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands/index.js';
import type { IUIActionButtonDescriptor } from '@rocket.chat/apps-engine/definition/ui/index.js';
import type { AppEndpoints } from './AppEndpoints.ts';
import type { SlashCommandsModify } from './SlashCommandsModify.ts';

/** What a handler or command of an app receives; also what `host.accessors(appId)` returns. */
export interface HandlerAccessors {
  read: IRead;
  modify: IModify;
  http: IPlugboardHttp;
  persistence: IPlugboardPersistence;
  environment: IEnvironmentRead;
  locks: ILockAccessor;
  logger: ILogger;
}

/** `IConfigurationModify` plus the one Plugboard had before adopting Rocket.Chat's contract. */
export interface HostConfigurationModify extends IConfigurationModify {
  /** Plugboard: updates a setting's definition (not its admin-set value); same as `serverSettings.modifySetting`. */
  readonly settings: { modifySetting(setting: ISetting): Promise<void> };
}

/** An enabled app and everything the host keeps for it. */
export interface InstalledApp extends HandlerAccessors {
  readonly info: IAppInfo;
  readonly app: App;
  /** The app's child container (its accessors are resolved from it). */
  readonly container: Container;
  readonly accessors: IPlugboardAppAccessors;
  readonly endpoints: AppEndpoints;
  /** Command name (no slash) -> command. */
  readonly commands: ReadonlyMap<string, ISlashCommand>;
  /** Which commands are enabled (`configurationModify.slashCommands`). */
  readonly slashCommands: SlashCommandsModify;
  readonly processors: readonly IProcessor[];
  readonly buttons: readonly IUIActionButtonDescriptor[];
  /** Handlers of a library's own interactions, by id prefix (`plugboardUIExtend`). */
  readonly interactionHandlers: readonly IPlugboardInteractionHandler[];
  readonly configurationModify: HostConfigurationModify;
}
