import { open, rm, stat } from 'node:fs/promises';
import { CliError } from '../errors.ts';

const RETRY_MS = 50;
/** A lock older than this was left by a crashed process. Refreshes take seconds at most. */
const STALE_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `work` while holding `<path>.lock`, created with O_EXCL. Two `plugboard token` processes
 * refreshing one user file at once would each redeem the refresh token; with rotating refresh
 * tokens the second redemption revokes the whole grant (RFC 9700 §4.14.2). The loser of the
 * race waits and then sees the winner's fresh token.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>, waitMs: number = 15_000): Promise<T> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CliError(`cannot lock ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_MS) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new CliError(`${lockPath} is held by another process`);
      await sleep(RETRY_MS);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}
