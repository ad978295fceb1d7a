import { relative, resolve, sep } from 'node:path';
import { watch } from 'chokidar';

export interface SourceWatcher {
  close(): Promise<void>;
}

/** Editors save in bursts (temp file, rename, chmod): one reload per burst. */
const SETTLE_MS = 150;

/**
 * Watches an app's folder and calls `onChange` once a burst of changes settled, with the files
 * changed. Dot folders and files (.git, .plugboard: the dev store lives there), node_modules and
 * the given files (a store kept elsewhere in the folder, with its journal) are not watched.
 * Resolves once the initial scan is done, so a change made afterwards is seen.
 */
export async function watchSources(folder: string, ignoredFiles: readonly string[], onChange: (files: string[]) => void): Promise<SourceWatcher> {
  const root = resolve(folder);
  const ignored = ignoredFiles.map((file) => resolve(file));
  const isIgnored = (path: string): boolean => {
    const inside = relative(root, path);
    if (inside === '') return false;
    if (inside.split(sep).some((part) => part.startsWith('.') || part === 'node_modules')) return true;
    return ignored.some((file) => path === file || path.startsWith(`${file}-`));
  };
  const watcher = watch(root, { ignored: isIgnored, ignoreInitial: true });
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    changed.add(relative(root, path) || path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed = new Set();
      onChange(files);
    }, SETTLE_MS);
  });
  await new Promise<void>((ready, fail) => {
    watcher.once('ready', ready);
    watcher.once('error', fail);
  });
  return {
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
