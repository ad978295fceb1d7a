import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App, IAppInfo } from '@plugboard/apps-engine';
import type { AppClass, AppInfoInput } from '@plugboard/apps-engine/server';
import { CliError } from '../errors.ts';

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

/** The module's App class: its default export, else its one exported App class. */
function appClassOf(module: Record<string, unknown>, modulePath: string): AppClass<App> {
  if (isAppClass(module['default'])) return module['default'];
  // A TypeScript module compiled to CommonJS (no "type": "module"): import() gives module.exports as default.
  const compiled = (module['default'] as { default?: unknown } | undefined)?.default;
  if (isAppClass(compiled)) return compiled;
  const named = Object.entries(module).filter(([name, value]) => name !== 'default' && isAppClass(value));
  if (named.length === 1) return named[0]![1] as AppClass<App>;
  if (named.length > 1) {
    const names = named.map(([name]) => name).join(', ');
    throw new CliError(`${modulePath} exports several App classes (${names}): export the one to run as the default export`);
  }
  throw new CliError(`${modulePath} must export its App class (as the default export, or as its only App export)`);
}

/**
 * Imports an app module: its App class is the default export or its only exported App class; an
 * optional `info` export is its manifest, otherwise one is made up from the class name.
 */
export async function loadAppModule(modulePath: string, cwd: string): Promise<LoadedApp> {
  const absolute = resolve(cwd, modulePath);
  if (!existsSync(absolute)) throw new CliError(`${modulePath} does not exist`);
  const module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  const AppClass = appClassOf(module, modulePath);
  const info = isInfo(module['info'])
    ? module['info']
    : { id: idFromClassName(AppClass.name), name: AppClass.name || 'App', version: '0.0.0' };
  return { AppClass, info };
}
