import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App, IAppInfo } from '@plugboard/apps-engine';
import { HostError, type AppClass, type AppHost, type AppInfoInput } from '@plugboard/apps-engine/server';
import { CliError } from '../../errors.ts';
import { describeLoadError } from './describeLoadError.ts';
import { importFresh, loadTypeScriptApps } from './typescriptLoader.ts';

export interface LoadedApp {
  AppClass: AppClass<App>;
  info: AppInfoInput;
}

/** `DemoApp` -> `demo`, `CalendarSyncApp` -> `calendar-sync`. */
function idFromClassName(name: string): string {
  const kebab = name
    .replace(/App$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return kebab === '' ? 'app' : kebab;
}

function isInfo(value: unknown): value is IAppInfo {
  const info = value as Partial<IAppInfo> | undefined;
  return typeof info === 'object' && info !== null && typeof info.id === 'string' && typeof info.name === 'string' && typeof info.version === 'string';
}

/** A class whose instances are apps (duck-typed: the App a module extends may be another copy). */
function isAppClass(value: unknown): value is AppClass<App> {
  return typeof value === 'function' && typeof (value.prototype as { extendConfiguration?: unknown } | undefined)?.extendConfiguration === 'function';
}

/**
 * The module's App class: its default export, else its one exported App class. A TypeScript module
 * tsx ran as CommonJS (no "type": "module") arrives as `{ default: module.exports }`: its exports
 * are looked for there too.
 */
function appClassOf(module: Record<string, unknown>, modulePath: string): AppClass<App> {
  if (isAppClass(module['default'])) return module['default'];
  const commonJs = typeof module['default'] === 'object' && module['default'] !== null ? (module['default'] as Record<string, unknown>) : {};
  if (isAppClass(commonJs['default'])) return commonJs['default'];
  const exported = new Map<AppClass<App>, string>();
  for (const [name, value] of [...Object.entries(module), ...Object.entries(commonJs)]) {
    if (name !== 'default' && isAppClass(value) && !exported.has(value)) exported.set(value, name);
  }
  const [only, ...others] = exported;
  if (only !== undefined && others.length === 0) return only[0];
  if (others.length > 0) {
    const names = [...exported.values()].join(', ');
    throw new CliError(`${modulePath} exports several App classes (${names}): export the one to run as the default export`);
  }
  throw new CliError(`${modulePath} must export its App class (as the default export, or as its only App export)`);
}

/**
 * Imports an app module: its App class is the default export or its only exported App class; an
 * optional `info` export is its manifest, otherwise one is made up from the class name. `fresh`
 * imports a new build of it (watch mode) instead of the one already loaded.
 */
export async function loadAppModule(modulePath: string, cwd: string, fresh = false): Promise<LoadedApp> {
  const absolute = resolve(cwd, modulePath);
  if (!existsSync(absolute)) throw new CliError(`${modulePath} does not exist`);
  if (/\.[cm]?tsx?$/.test(absolute)) loadTypeScriptApps();
  let module: Record<string, unknown>;
  try {
    const url = pathToFileURL(absolute).href;
    module = fresh ? await importFresh(url) : ((await import(url)) as Record<string, unknown>);
  } catch (error) {
    throw new CliError(describeLoadError(error, modulePath, cwd), { cause: error });
  }
  const AppClass = appClassOf(module, modulePath);
  const info = isInfo(module['info'])
    ? module['info']
    : { id: idFromClassName(AppClass.name), name: AppClass.name || 'App', version: '0.0.0' };
  return { AppClass, info };
}

/** What `plugboard dev` was given, loaded: ready to install, and where its files are. */
export interface DevAppBuild extends LoadedApp {
  /** The folder whose changes make a new build: the rc-apps folder, or the module's folder. */
  sourceFolder: string;
}

/**
 * Loads what `plugboard dev` was given without installing it: an rc-apps folder (compiled by the
 * host, `host.loadFrom`) or a module exporting an App class. A syntax error, a throw at load time or
 * a missing export fails here, naming the file and line, before anything listens.
 */
export async function loadDevApp(host: AppHost, path: string, cwd: string, fresh = false): Promise<DevAppBuild> {
  const absolute = resolve(cwd, path);
  try {
    if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
      return { ...(await host.loadFrom(absolute)), sourceFolder: absolute };
    }
    return { ...(await loadAppModule(path, cwd, fresh)), sourceFolder: dirname(absolute) };
  } catch (error) {
    // The host's message names the file (and line) or the failing step, and is redacted.
    throw error instanceof HostError ? new CliError(error.message, { cause: error }) : error;
  }
}

/** Installs a loaded build through Rocket.Chat's lifecycle; resolves with the app and its id. */
export async function installDevApp(host: AppHost, build: LoadedApp): Promise<{ app: App; appId: string }> {
  try {
    const app = await host.install(build.AppClass, build.info);
    return { app, appId: app.getID() };
  } catch (error) {
    // The app's stack went to its log.
    throw error instanceof HostError ? new CliError(error.message, { cause: error }) : error;
  }
}
