import type { Container } from 'inversify';
import type { IConfigurationModify } from '../../definition/accessors/IConfigurationExtend.ts';
import type { App } from '../../definition/app/App.ts';
import type { IAppInfo } from '../../definition/app/IAppInfo.ts';
import type { ISlashCommand } from '../../definition/slashcommands/ISlashCommand.ts';
import { createAppContainer } from '../container/createAppContainer.ts';
import { resolve, TOKENS } from '../container/tokens.ts';
import { HostError } from '../errors.ts';
import type { Redactor } from '../logging/redact.ts';
import type { HostSettings } from '../settings/HostSettings.ts';
import { AppEndpoints } from './AppEndpoints.ts';
import type { HandlerAccessors, InstalledApp } from './InstalledApp.ts';
import { Registrations, secretsNotPublic } from './Registrations.ts';

/** The constructor shape of an app class (`App` subclasses take `(info, logger, accessors)`). */
export type AppClass<T extends App> = new (...args: ConstructorParameters<typeof App>) => T;

export interface InstallContext {
  readonly root: Container;
  readonly settings: HostSettings;
  readonly redactor: Redactor;
  /** The app already serving this slash command, if any. */
  commandOwner(command: string): string | undefined;
}

/**
 * Constructs, configures and enables an app. Until `onEnable` said yes nothing is live; when any
 * step fails the app's settings are forgotten, its container dropped, and the error names the app.
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

  let app: T;
  try {
    app = new Class(info, logger, accessors);
  } catch (error) {
    throw fail('constructor', error);
  }
  const registrations = new Registrations();
  const environment = resolve(container, TOKENS.EnvironmentRead);
  try {
    await app['extendConfiguration'](registrations.configurationFor(resolve(container, TOKENS.HttpDefaults), logger), environment);
  } catch (error) {
    throw fail('extendConfiguration', error);
  }
  const endpoints = new AppEndpoints(info.id, registrations.endpoints);
  const commands = commandMap(context, info.id, registrations.commands);
  const configurationModify: IConfigurationModify = {
    settings: {
      modifySetting: async (setting) => context.settings.redefine(info.id, secretsNotPublic(setting, logger)),
    },
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

  // Settings become readable for onInstall/onEnable; endpoints and commands go live only after.
  context.settings.define(info.id, registrations.settings);
  try {
    const { read, http, persistence, modify } = handlerAccessors;
    await app.onInstall({}, read, http, persistence, modify);
    if ((await app.onEnable(environment, configurationModify)) === false) {
      throw new Error('onEnable returned false');
    }
  } catch (error) {
    context.settings.undefine(info.id);
    throw fail('onEnable', error);
  }
  resolve(container, TOKENS.ProvidedEndpoints).push(...endpoints.metadata());
  return { ...handlerAccessors, info, app, container, accessors, endpoints, commands, configurationModify };
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
