import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBrowser } from '../src/grant/openBrowser.ts';
import { tempDir } from './helpers.ts';

let dir: { path: string; remove(): Promise<void> };
const URL_WITH_SHELL_CHARS = 'http://127.0.0.1:1/auth?a=1&b=$(touch pwned);c';

beforeEach(async () => {
  dir = await tempDir('open');
  // A stand-in xdg-open that records the argv it was given.
  const fake = join(dir.path, 'xdg-open');
  await writeFile(fake, `#!/bin/sh\nprintf '%s' "$1" > "${join(dir.path, 'opened')}"\n`);
  await chmod(fake, 0o755);
});
afterEach(async () => {
  await dir.remove();
});

async function opened(): Promise<string | undefined> {
  for (let i = 0; i < 40; i += 1) {
    const text = await readFile(join(dir.path, 'opened'), 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
    await new Promise((r) => setTimeout(r, 25));
  }
  return undefined;
}

describe.skipIf(process.platform !== 'linux')('openBrowser', () => {
  it('runs xdg-open with the URL as one argument, never through a shell', async () => {
    openBrowser(URL_WITH_SHELL_CHARS, { PATH: dir.path, DISPLAY: ':0' });
    expect(await opened()).toBe(URL_WITH_SHELL_CHARS);
  });

  it('does nothing under CI or without a display', async () => {
    openBrowser('http://127.0.0.1:1/ci', { PATH: dir.path, DISPLAY: ':0', CI: 'true' });
    openBrowser('http://127.0.0.1:1/headless', { PATH: dir.path });
    await new Promise((r) => setTimeout(r, 200));
    await expect(readFile(join(dir.path, 'opened'), 'utf8')).rejects.toThrow();
  });

  it('is silent when no opener exists', () => {
    expect(() => openBrowser('http://127.0.0.1:1/', { PATH: join(dir.path, 'empty'), DISPLAY: ':0' })).not.toThrow();
  });
});
