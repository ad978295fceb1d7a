import { randomBytes } from 'node:crypto';
import { chmod, lstat, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.ts';

/** Owner read/write only: credential files hold client secrets and tokens. */
export const SECRET_FILE_MODE = 0o600;

/**
 * Reads a credential file as a JSON object. Errors name the file, never its content: a JSON
 * syntax error message quotes the text around the fault, which may be a secret.
 */
export async function readJsonFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path} (${code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${path} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** True when group or others may read the file (POSIX only; Windows has no such bits). */
export async function isReadableByOthers(path: string): Promise<boolean> {
  if (process.platform === 'win32') return false;
  try {
    return ((await stat(path)).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/** One stderr line when a credentials file can be read by other local users. */
export async function warnIfReadableByOthers(path: string, write: (text: string) => unknown, shownAs: string = path): Promise<void> {
  if (await isReadableByOthers(path)) write(`warning: ${shownAs} is readable by other users; chmod 600 it\n`);
}

/** Whether something exists at `path` (a file, a folder, a dangling link). */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Creates a new file with mode 0600. `wx` fails when the file exists, so an overwrite is
 * always a decision (`force`), and the mode is set at creation: there is no moment when the
 * file exists with the umask's wider mode.
 */
export async function createSecretFile(path: string, value: unknown, force: boolean): Promise<void> {
  if (force) {
    await writeSecretFileAtomically(path, value);
    return;
  }
  let handle;
  try {
    handle = await open(path, 'wx', SECRET_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`${path} already exists; pass --force to overwrite it`);
    throw new CliError(`cannot create ${path} (${code ?? 'error'})`);
  }
  try {
    await handle.writeFile(serialize(value), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file atomically: a reader (another `plugboard token`) sees the old content or the
 * new, never half a file, and a crash mid-write leaves the old file intact. The temporary file
 * lives beside the target so rename(2) stays on one filesystem.
 */
export async function writeSecretFileAtomically(path: string, value: unknown): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', SECRET_FILE_MODE);
    try {
      await handle.writeFile(serialize(value), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open()'s mode is filtered by the umask; make 0600 explicit.
    await chmod(temp, SECRET_FILE_MODE);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot write ${path} (${code ?? 'error'})`);
  }
}
