import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App, IAppInfo } from '@plugboard/apps-engine';
import type { AppClass } from '@plugboard/apps-engine/server';
import { CliError } from '../errors.ts';

export interface LoadedApp {
  AppClass: AppClass<App>;
  info: IAppInfo;
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

/**
 * Imports an app module: its default export is the App class; an optional `info` export is its
 * manifest, otherwise one is made up from the class name.
 */
export async function loadAppModule(modulePath: string, cwd: string): Promise<LoadedApp> {
  const absolute = resolve(cwd, modulePath);
  if (!existsSync(absolute)) throw new CliError(`${modulePath} does not exist`);
  const module = (await import(pathToFileURL(absolute).href)) as { default?: unknown; info?: unknown };
  const AppClass = module.default;
  if (typeof AppClass !== 'function') {
    throw new CliError(`${modulePath} must export its App class as the default export`);
  }
  const info = isInfo(module.info)
    ? module.info
    : { id: idFromClassName(AppClass.name), name: AppClass.name || 'App', version: '0.0.0' };
  return { AppClass: AppClass as AppClass<App>, info };
}
