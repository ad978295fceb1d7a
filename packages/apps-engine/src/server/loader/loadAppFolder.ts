import { resolve } from 'node:path';
import type { App } from '@rocket.chat/apps-engine/definition/App.js';
import type { AppInfoInput } from '../../definition/extensions/appInfo.ts';
import type { AppClass } from '../apps/installApp.ts';
import { checkApiVersion } from './apiVersion.ts';
import { APP_CONSOLE, appConsole } from './appConsole.ts';
import { checkImports, createAppRequire, type DefinitionsSource } from './appRequire.ts';
import { compileApp } from './compileApp.ts';
import { evaluateApp } from './evaluateApp.ts';
import { findAppClass } from './findAppClass.ts';
import { oauthRedirects } from './oauthRedirect.ts';
import { readManifest } from './readManifest.ts';

export interface LoadedAppFolder {
  AppClass: AppClass<App>;
  /** `app.json`, as the app's `IAppInfo`. */
  info: AppInfoInput;
  folder: string;
  /** Whether `@rocket.chat/apps-engine` came from the app's node_modules or the host's copy. */
  definitions: DefinitionsSource;
}

export interface LoadOptions {
  /** Said once per load when something about the app deserves the operator's attention. */
  warn(message: string): void;
  /** Where the app's `console` writes: a logger for the app's id. */
  logger(appId: string): Parameters<typeof appConsole>[0];
}

/**
 * Loads an rc-apps folder without installing anything: `app.json`, the API version check, the class
 * file compiled with its own files, its packages present, then the module run and its App class
 * found. Each step fails with a HostError naming the file (and field) at fault.
 */
export async function loadAppFolder(path: string, options: LoadOptions): Promise<LoadedAppFolder> {
  const manifest = await readManifest(resolve(path));
  checkApiVersion(manifest);
  const compiled = await compileApp(manifest);
  const { folder, info } = manifest;
  const redirects = await oauthRedirects(compiled.imports, (message) => options.warn(`App "${info.name}" (${info.id}): ${message}`));
  checkImports(folder, compiled.imports, redirects);
  redirects.set(APP_CONSOLE, appConsole(options.logger(info.id)));
  const { appRequire, definitions } = createAppRequire({ folder, redirects });
  const exports = evaluateApp(compiled, appRequire, folder);
  return { AppClass: findAppClass(exports, manifest.classPath), info, folder, definitions };
}
