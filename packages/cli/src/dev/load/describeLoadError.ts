import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** esbuild's (tsx's) `file:line:column: ERROR: text` lines; its columns are 0-based. */
const TRANSFORM_LINE = /^(.+?):(\d+):(\d+): ERROR: (.+)$/gm;
/** A stack frame's location: `(path:line:col)` or `at path:line:col`. */
const FRAME = /^\s+at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function shortPath(path: string, cwd: string): string {
  const clean = path.replace(/\?.*$/, '');
  const file = clean.startsWith('file://') ? fileURLToPath(clean) : clean;
  const shown = relative(cwd, file);
  return shown === '' || shown.startsWith('..') ? file : shown;
}

/** The first frame in the app's own files (not Node's, not node_modules), as `file:line:column`. */
function appFrame(stack: string, cwd: string): string | undefined {
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match === null) continue;
    const [, path = '', row, column] = match;
    if (path.startsWith('node:') || path.startsWith('data:') || path.includes('/node_modules/')) continue;
    return `${shortPath(path, cwd)}:${row}:${column}`;
  }
  return undefined;
}

/**
 * Why an app module did not load, with `file:line:column` first as editors and terminals link it:
 * a syntax error from the TypeScript transform (each of its errors), else the thrown error's message
 * and the first frame in the app's own files.
 */
export function describeLoadError(error: unknown, modulePath: string, cwd: string): string {
  if (!(error instanceof Error)) return `${modulePath} failed while loading: ${String(error)}`;
  const syntax = [...error.message.matchAll(TRANSFORM_LINE)].map(
    ([, file = '', row, column = '0', text]) => `  ${shortPath(file, cwd)}:${row}:${Number(column) + 1}: ${text}`,
  );
  if (syntax.length > 0) return `${modulePath} does not compile:\n${syntax.join('\n')}`;
  const where = appFrame(error.stack ?? '', cwd);
  return `${modulePath} failed while loading: ${error.message}${where === undefined ? '' : ` (at ${where})`}`;
}
