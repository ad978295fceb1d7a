import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { warnIfNotIgnored } from '../credentials/gitIgnore.ts';
import { DEV_STATE_FOLDER } from './devStore.ts';

/**
 * `.plugboard/.gitignore` holding `*`: git then ignores the dev host's folder (its SQLite file holds
 * client secrets and tokens) in any repository, whatever the project's own .gitignore says. Made
 * once, never changed afterwards: someone who edits it meant to.
 */
async function ignoreStateFolder(folder: string): Promise<void> {
  try {
    await writeFile(join(folder, '.gitignore'), '# Made by plugboard dev: this folder holds secrets and tokens.\n*\n', { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Keeps a dev store file out of commits: a file in `.plugboard/` gets that folder ignored, and a
 * file git would still commit (a `--store` elsewhere) is reported, as `plugboard scaffold` does.
 * Returns the warnings, one line each (without a newline).
 */
export async function guardDevStoreFile(file: string, cwd: string, shownAs: string): Promise<string[]> {
  const path = resolve(cwd, file);
  if (dirname(path) === resolve(cwd, DEV_STATE_FOLDER)) await ignoreStateFolder(dirname(path));
  const warnings: string[] = [];
  await warnIfNotIgnored(path, (text) => warnings.push(text.trimEnd()), shownAs);
  return warnings;
}
