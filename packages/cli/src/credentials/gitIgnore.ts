import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';

export type IgnoreStatus = 'ignored' | 'not-ignored' | 'unknown';

/**
 * Asks git whether a path is ignored, from the file's own directory. `unknown` covers "not in a
 * repository" and "git is not installed": there is nothing to warn about then.
 */
export function gitIgnoreStatus(path: string): Promise<IgnoreStatus> {
  const absolute = resolve(path);
  return new Promise((done) => {
    execFile('git', ['check-ignore', '-q', '--', absolute], { cwd: dirname(absolute), timeout: 5000 }, (error) => {
      if (error === null) return done('ignored');
      // check-ignore: 1 = not ignored, 128 = fatal (no repository).
      done((error as { code?: unknown }).code === 1 ? 'not-ignored' : 'unknown');
    });
  });
}

/** One stderr line when a credentials file would be committable. */
export async function warnIfNotIgnored(path: string, write: (text: string) => unknown, shownAs: string = path): Promise<void> {
  if ((await gitIgnoreStatus(path)) === 'not-ignored') {
    write(`warning: ${shownAs} is not git-ignored; add it to .gitignore so its secrets are never committed\n`);
  }
}
