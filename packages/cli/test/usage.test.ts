import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/main.ts';
import { run, tempDir } from './helpers.ts';

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir('usage');
});
afterAll(async () => {
  await dir.remove();
});

describe('usage', () => {
  it('lists the commands and exits 2 without a command, 0 with --help', async () => {
    const bare = await run([], dir.path);
    expect(bare.code).toBe(2);
    expect(bare.err).toMatch(/Usage: plugboard <command>/);
    const help = await run(['--help'], dir.path);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.out).toContain(command.name);
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage and exits 0', async (name) => {
    const result = await run([name, '--help'], dir.path);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^Usage: plugboard ${name}`));
    expect((await run(['help', name], dir.path)).out).toBe(result.out);
  });

  it.each([
    [['nope'], /unknown command "nope"/],
    [['grant', '--out', 'u.json'], /--app is required/],
    [['grant', '--app', 'a.json'], /--out is required/],
    [['grant', '--app', 'a.json', '--out', 'u.json', '--port', 'http'], /--port must be a whole number/],
    [['grant', '--app', 'a.json', '--out', 'u.json', '--port', '70000'], /--port must be between 0 and 65535/],
    [['grant', '--app', 'a.json', '--out', 'u.json', '--timeout', '0'], /--timeout must be between 1 and 3600/],
    [['grant', '--bogus'], /Unknown option '--bogus'/],
    [['token', '--app', 'a.json'], /--user is required/],
    [['token', 'extra', '--app', 'a', '--user', 'u'], /this command takes no arguments/],
    [['scaffold', 'a.json', 'b.json'], /too many arguments/],
    [['dev'], /an app is required: a Rocket.Chat app folder/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const result = await run(argv, dir.path);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  it('a missing file is a failure (exit 1) that names the file', async () => {
    const result = await run(['token', '--app', 'missing.json', '--user', 'u.json'], dir.path);
    expect(result.code).toBe(1);
    // The app file is checked first, on every run.
    expect(result.err).toMatch(/missing\.json does not exist/);
    await writeFile(join(dir.path, 'app.json'), JSON.stringify({ id: 'x', secret: 's', auth_uri: 'https://a.test/a', token_uri: 'https://a.test/t' }));
    expect((await run(['token', '--app', 'app.json', '--user', 'u.json'], dir.path)).err).toMatch(/u\.json does not exist/);
  });

  it('a malformed credentials file is reported without quoting its content', async () => {
    await writeFile(join(dir.path, 'broken.json'), '{"id": "x", "secret": "s3cr3t-value" oops');
    const result = await run(['grant', '--app', 'broken.json', '--out', 'u.json'], dir.path);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/broken\.json is not valid JSON/);
    expect(result.err).not.toContain('s3cr3t');
  });

  it('an app file with an empty secret says which field to fill in', async () => {
    await writeFile(join(dir.path, 'empty.json'), JSON.stringify({ id: 'x', secret: '', auth_uri: 'https://a.test/a', token_uri: 'https://a.test/t' }));
    const result = await run(['grant', '--app', 'empty.json', '--out', 'u.json'], dir.path);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/"secret" is empty; fill it in/);
  });

  it("reads Google's downloaded client file as it is", async () => {
    await writeFile(
      join(dir.path, 'google.json'),
      JSON.stringify({ installed: { client_id: 'cid', client_secret: 'csecret', auth_uri: 'ftp://nope', token_uri: 'https://a.test/t' } }),
    );
    const result = await run(['grant', '--app', 'google.json', '--out', 'u.json', '--no-browser'], dir.path);
    // Parsed up to the endpoint check: the id and secret were found under "installed".
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/authorization endpoint must use https/);
  });
});
