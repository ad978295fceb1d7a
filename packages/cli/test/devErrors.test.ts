// plugboard dev's start-up errors say what is wrong and how to fix it.
import { createServer, type Server } from 'node:net';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import { captureIo, launch, tempDir } from './helpers.ts';

const ECHO_APP = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../apps-engine/test/fixtures/apps/', import.meta.url));

let dir: { path: string; remove(): Promise<void> };
let busy: Server;
let busyPort: number;
beforeEach(async () => {
  dir = await tempDir('dev-errors');
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterEach(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await dir.remove();
});


describe('plugboard dev start-up errors', () => {
  it('a port in use is said so, with --port as the fix', async () => {
    const io = captureIo(dir.path);
    expect(await main(['dev', ECHO_APP, '--port', String(busyPort), '--store', 'memory'], io)).toBe(1);
    expect(io.err()).toContain(`plugboard dev: port ${busyPort} on 127.0.0.1 is in use`);
    expect(io.err()).toContain('--port <n> (--port 0 takes any free port)');
    expect(io.err()).not.toContain('unexpected');
    expect(io.out()).not.toContain('Console:');
  });

  it('an rc-apps folder with a syntax error is told with file:line, before the port is even tried', async () => {
    const folder = join(dir.path, 'acme-app');
    await cp(join(FIXTURES, 'oauth-connect'), folder, { recursive: true });
    const command = join(folder, 'AcmeCommand.ts');
    await writeFile(command, (await readFile(command, 'utf8')).replace('public command = ', 'public command = = '));
    const io = captureIo(dir.path);
    // The port is busy too: the load error comes first, so it is checked before listening.
    expect(await main(['dev', folder, '--port', String(busyPort), '--store', 'memory'], io)).toBe(1);
    expect(io.err()).toMatch(/does not compile:\n\s+AcmeCommand\.ts:\d+:\d+: /);
    expect(io.err()).not.toContain('in use');
  });

  it('a module with a syntax error, or that throws while loading, is told with file:line (the real launcher, tsx)', async () => {
    await writeFile(join(dir.path, 'package.json'), '{"type": "module"}');
    await writeFile(join(dir.path, 'broken.ts'), 'export default class Broken {\n  run( {\n}\n');
    await writeFile(join(dir.path, 'throws.ts'), "const ready = false;\nif (!ready) throw new Error('not ready yet');\nexport default ready;\n");
    const broken = launch(['dev', 'broken.ts', '--port', String(busyPort), '--store', 'memory'], dir.path);
    const throws = launch(['dev', 'throws.ts', '--port', '0', '--store', 'memory'], dir.path);
    expect(await broken.exit).toBe(1);
    expect(broken.err()).toMatch(/broken\.ts does not compile:\n\s+broken\.ts:4:1: Expected "\)" but found end of file/);
    expect(await throws.exit).toBe(1);
    expect(throws.err()).toContain('throws.ts failed while loading: not ready yet (at throws.ts:2:');
    expect(throws.out()).not.toContain('Console:');
  });
});
