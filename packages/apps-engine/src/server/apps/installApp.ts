import type { Container } from 'inversify';
import { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus.js';
import { type App } from '@rocket.chat/apps-engine/definition/App.js';
import { type IAppInfo } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import { type ISetting } from '@rocket.chat/apps-engine/definition/settings/index.js';
import { type ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands/index.js';
import { type IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { unsupported } from '../accessors/unsupported.ts';
import { createAppContainer } from '../container/createAppContainer.ts';
import { resolve, TOKENS } from '../container/tokens.ts';
import { HostError } from '../errors.ts';
import type { Redactor } from '../logging/redact.ts';
import type { HostSettings } from '../settings/HostSettings.ts';
import { appUserInput } from '../users/appUser.ts';
import type { UserDirectory } from '../users/UserDirectory.ts';
import { AppEndpoints } from './AppEndpoints.ts';
import type { InstallRecords } from './InstallRecords.ts';
import type { HandlerAccessors, HostConfigurationModify, InstalledApp } from './InstalledApp.ts';
import { Registrations, secretsNotPublic } from './Registrations.ts';
import { SlashCommandsModify } from './SlashCommandsModify.ts';

/** The constructor shape of an app class (`App` subclasses take `(info, logger, accessors)`). */
export type AppClass<T extends App> = new (...args: ConstructorParameters<typeof App>) => T;

export interface InstallContext {
  readonly root: Container;
  readonly settings: HostSettings;
  readonly users: UserDirectory;
  readonly redactor: Redactor;
  readonly records: InstallRecords;
  /** The administrator who installs apps (`IAppInstallationContext.user`). */
  admin(): Promise<IUser>;
  /** The app already serving this slash command, if any. */
  commandOwner(command: string): string | undefined;
}

/**
 * Runs Rocket.Chat's lifecycle: construct, `initialize` (which calls `extendConfiguration`),
 * `onInstall` the first time this deployment sees the app (or `onUpdate` when its version
 * changed), then `onEnable`. Until `onEnable` said yes nothing is live; when any step fails the
 * app's settings are forgotten, its container dropped, and the error names the app and the step.
 */
export async function installApp<T extends App>(context: InstallContext, Class: AppClass<T>, info: IAppInfo): Promise<InstalledApp & { app: T }> {
  const container = createAppContainer(context.root, info.id);
  const accessors = resolve(container, TOKENS.Accessors);
  const logger = resolve(container, TOKENS.Logger);
  const fail = (step: string, cause: unknown): HostError => {
    logger.error(`${step} failed:`, cause);
    const reason = cause instanceof Error ? `: ${context.redactor.redact(cause.message)}` : '';
    return new HostError('app_install_failed', `App "${info.name}" (${info.id}) failed to install: ${step}${reason}`, { cause });
  };

  await context.users.add(appUserInput(info));
  let app: T;
  try {
    app = new Class(info, logger, accessors);
  } catch (error) {
    throw fail('constructor', error);
  }
  if (typeof app?.getID !== 'function' || typeof app.onEnable !== 'function') {
    throw fail('constructor', new TypeError('the class does not extend App from @rocket.chat/apps-engine/definition/App'));
  }
  // A setting is readable as soon as it is provided (an app may read it in extendConfiguration, as on
  // Rocket.Chat): its stored value from an earlier install, else its package value.
  const registrations = new Registrations((setting) => context.settings.provide(info.id, setting));
  context.settings.define(info.id, []);
  const environment = resolve(container, TOKENS.EnvironmentRead);
  const configuration = registrations.configurationFor(resolve(container, TOKENS.HttpDefaults), logger);
  try {
    // `initialize` calls `extendConfiguration`; an app may override either.
    await app.initialize(configuration, environment);
    await setStatus(app, AppStatus.INITIALIZED);
  } catch (error) {
    context.settings.undefine(info.id);
    throw fail('initialize', error);
  }
  const scheduler = resolve(container, TOKENS.AppScheduler);
  try {
    scheduler.register(registrations.processors);
  } catch (error) {
    context.settings.undefine(info.id);
    throw fail('configuration.scheduler.registerProcessors', error);
  }
  let endpoints: AppEndpoints;
  let commands: Map<string, ISlashCommand>;
  try {
    endpoints = new AppEndpoints(info.id, registrations.endpoints);
    commands = commandMap(context, info.id, registrations.commands);
  } catch (error) {
    context.settings.undefine(info.id);
    throw error;
  }
  const modifySetting = async (setting: ISetting): Promise<void> => context.settings.redefine(info.id, secretsNotPublic(setting, logger));
  const slashCommands = new SlashCommandsModify(info.id, commands);
  const configurationModify: HostConfigurationModify = {
    serverSettings: unsupported('configurationModify.serverSettings'),
    slashCommands,
    scheduler: resolve(container, TOKENS.Scheduler),
    settings: { modifySetting },
  };
  const handlerAccessors: HandlerAccessors = {
    read: resolve(container, TOKENS.Read),
    modify: resolve(container, TOKENS.Modify),
    http: resolve(container, TOKENS.Http),
    persistence: resolve(container, TOKENS.Persistence),
    environment,
    locks: resolve(container, TOKENS.Locks),
    logger,
  };

  // Endpoints, commands and jobs go live only after onEnable.
  context.settings.define(info.id, registrations.settings);
  let step = 'onEnable';
  try {
    const { read, http, persistence, modify } = handlerAccessors;
    const seen = await context.records.get(info.id);
    if (!seen) {
      await app.onInstall({ user: await context.admin() }, read, http, persistence, modify);
    } else if (seen.version !== info.version) {
      await app.onUpdate({ user: await context.admin(), oldAppVersion: seen.version }, read, http, persistence, modify);
    }
    if ((await app.onEnable(environment, configurationModify)) === false) {
      throw new Error('onEnable returned false');
    }
    step = 'starting its jobs';
    await scheduler.start(handlerAccessors);
    await context.records.put(info);
    await setStatus(app, AppStatus.MANUALLY_ENABLED);
  } catch (error) {
    context.settings.undefine(info.id);
    await scheduler.stop().catch(() => undefined);
    throw fail(step, error);
  }
  resolve(container, TOKENS.ProvidedEndpoints).push(...endpoints.metadata());
  return {
    ...handlerAccessors,
    info,
    app,
    container,
    accessors,
    endpoints,
    commands,
    slashCommands,
    processors: registrations.processors,
    buttons: registrations.buttons,
    interactionHandlers: registrations.interactionHandlers,
    configurationModify,
  };
}

/** `App.setStatus` is protected: hosts call it, as Rocket.Chat's manager does. */
export async function setStatus(app: App, status: AppStatus): Promise<void> {
  const set = (app as unknown as { setStatus?: (status: AppStatus) => Promise<void> }).setStatus;
  if (typeof set === 'function') {
    await set.call(app, status);
  }
}

function commandMap(context: InstallContext, appId: string, commands: readonly ISlashCommand[]): Map<string, ISlashCommand> {
  const map = new Map<string, ISlashCommand>();
  for (const command of commands) {
    const name = typeof command?.command === 'string' ? command.command.replace(/^\//, '') : '';
    const owner = map.has(name) ? appId : context.commandOwner(name);
    if (name === '' || /\s/.test(name) || typeof command.executor !== 'function') {
      throw new HostError('app_install_failed', `App "${appId}" provides an invalid slash command "${name}"`);
    }
    if (owner !== undefined) {
      throw new HostError('duplicate_command', `Slash command "/${name}" of app "${appId}" is already provided by app "${owner}"`);
    }
    map.set(name, command);
  }
  return map;
}
