import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { HostError } from '../errors.ts';
import type { ExternalImport } from './compileApp.ts';

/** The definitions package apps are written against; deep imports only (`.../definition/App`). */
export const DEFINITIONS = '@rocket.chat/apps-engine';

export type AppRequire = (id: string) => unknown;

/** Which copy of the definitions an app runs with: its own (node_modules), or the host's. */
export type DefinitionsSource = 'app' | 'host';

export interface AppRequireOptions {
  folder: string;
  /** Modules replaced for this app, by the exact path it imports. */
  redirects: ReadonlyMap<string, unknown>;
}

/**
 * `require` for a compiled app: replaced modules first; `@rocket.chat/apps-engine/*` from the app's
 * own node_modules when it has the package (often a devDependency), else from the host's copy;
 * everything else as Node resolves it from the app folder.
 */
export function createAppRequire({ folder, redirects }: AppRequireOptions): { appRequire: AppRequire; definitions: DefinitionsSource } {
  const fromApp = createRequire(join(folder, 'package.json'));
  const definitions: DefinitionsSource = resolves(fromApp, `${DEFINITIONS}/package.json`) ? 'app' : 'host';
  const fromDefinitions = definitions === 'app' ? fromApp : createRequire(import.meta.url);
  // Not named `require`: the CommonJS build shims import.meta.url with the module's own require.
  const appRequire: AppRequire = (id) => {
    if (redirects.has(id)) return redirects.get(id);
    return isDefinitions(id) ? fromDefinitions(id) : fromApp(id);
  };
  return { appRequire, definitions };
}

/**
 * Fails before anything runs when a package the app imports is not installed in its folder
 * (`missing_dependency`, naming the import and the file that makes it).
 */
export function checkImports(folder: string, imports: readonly ExternalImport[], redirects: ReadonlyMap<string, unknown>): void {
  const fromApp = createRequire(join(folder, 'package.json'));
  const fromHost = createRequire(import.meta.url);
  for (const { path, importer } of imports) {
    if (isBuiltin(path) || redirects.has(path)) continue;
    if (resolves(fromApp, path) || (isDefinitions(path) && resolves(fromHost, path))) continue;
    throw new HostError('missing_dependency', `${join(folder, importer)} imports "${path}", which is not installed in ${folder}: run npm install there`);
  }
}

function isDefinitions(id: string): boolean {
  return id === DEFINITIONS || id.startsWith(`${DEFINITIONS}/`);
}

function resolves(from: NodeJS.Require, id: string): boolean {
  try {
    from.resolve(id);
    return true;
  } catch {
    return false;
  }
}
