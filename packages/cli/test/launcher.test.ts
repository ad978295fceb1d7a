import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, tempDir } from './helpers.ts';

const ECHO_APP = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
// Outside the repository, so no tsconfig.json is found by walking up from the working directory.
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir('launcher');
});
afterAll(async () => {
  await dir.remove();
});


describe('bin/plugboard.js', () => {
  it('runs the TypeScript sources from any directory, with real exit codes', async () => {
    const help = launch(['--help'], dir.path);
    expect(await help.exit).toBe(0);
    expect(help.out()).toMatch(/Usage: plugboard <command>/);

    const usage = launch(['grant'], dir.path);
    expect(await usage.exit).toBe(2);
    expect(usage.err()).toMatch(/--app is required/);
  });

  it('plugboard dev serves the console and closes on SIGINT', async () => {
    const dev = launch(['dev', ECHO_APP, '--port', '0', '--store', 'memory'], dir.path);
    let url: string | undefined;
    for (let i = 0; i < 300 && url === undefined; i += 1) {
      url = /Console: (\S+)/.exec(dev.out())?.[1];
      if (url === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(url, dev.err()).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    dev.child.kill('SIGINT');
    expect(await dev.exit).toBe(0);
    expect(dev.err()).toContain('Stopping');
  });
});
