import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The command's absolute path on the given PATH, so what was checked is what runs. */
function onPath(command: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The platform's "open this URL" command, when there is one. */
function opener(env: Record<string, string | undefined>): string | undefined {
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return undefined; // `start` needs cmd quoting of & in URLs; print only
  // No display, no browser: xdg-open would fall back to a text browser inside our terminal.
  if (env['DISPLAY'] === undefined && env['WAYLAND_DISPLAY'] === undefined) return undefined;
  return onPath('xdg-open', env);
}

/**
 * Opens the URL in the user's browser, best effort: skipped under CI and where no opener exists,
 * and never fatal, because the URL is printed anyway. The URL is passed as one argv element,
 * never through a shell.
 */
export function openBrowser(url: string, env: Record<string, string | undefined>): void {
  if (env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false') return;
  const command = opener(env);
  if (command === undefined) return;
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // the printed URL is the fallback
  }
}
