import { createRequire, Module } from 'node:module';
import { HostError } from '../errors.ts';
import type { AppRequire } from './appRequire.ts';
import type { CompiledApp } from './compileApp.ts';

/** What `node:module` does for every CommonJS file, not in its typings. */
interface CompilableModule extends Module {
  _compile(code: string, filename: string): unknown;
}

/**
 * Runs the compiled app as a CommonJS module of its own (not in Node's module cache: installing the
 * folder again compiles and runs it afresh) whose `require` is the app's. Node's source-map support
 * is switched on first, so stack traces from the app name its own files and lines.
 */
export function evaluateApp(compiled: CompiledApp, appRequire: AppRequire, folder: string): unknown {
  enableSourceMaps();
  const module = new Module(compiled.filename) as CompilableModule;
  module.filename = compiled.filename;
  module.paths = createRequire(compiled.filename).resolve.paths('x') ?? [];
  module.require = appRequire as Module['require'];
  try {
    module._compile(compiled.code, compiled.filename);
  } catch (error) {
    throw new HostError('app_load_failed', `The app in ${folder} failed while loading: ${describe(error)}`, { cause: error });
  }
  module.loaded = true;
  return module.exports;
}

/** The message and the first stack frame (the app's file and line, through the source map). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack?.split('\n').find((line) => /^\s+at /.test(line))?.trim();
  return frame === undefined ? error.message : `${error.message} (${frame})`;
}

function enableSourceMaps(): void {
  const proc = process as NodeJS.Process & { sourceMapsEnabled?: boolean; setSourceMapsEnabled?: (enabled: boolean) => void };
  if (proc.sourceMapsEnabled !== true) proc.setSourceMapsEnabled?.(true);
}
