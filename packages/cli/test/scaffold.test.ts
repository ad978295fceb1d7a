import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('scaffold');
});
afterEach(async () => {
  await dir.remove();
});

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

describe('plugboard scaffold', () => {
  it('writes app_credentials.json with mode 0600 and every template field', async () => {
    const result = await run(['scaffold'], dir.path);
    expect(result.code).toBe(0);
    const file = join(dir.path, 'app_credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readJson(file)).toEqual({ id: '', secret: '', auth_uri: '', token_uri: '', revoke_uri: '', provider: '' });
  });

  it('writes to the file named on the command line', async () => {
    expect((await run(['scaffold', 'mine.json'], dir.path)).code).toBe(0);
    expect((await stat(join(dir.path, 'mine.json'))).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const file = join(dir.path, 'app.json');
    await writeFile(file, '{"id":"keep"}');
    const refused = await run(['scaffold', 'app.json'], dir.path);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/already exists; pass --force/);
    expect(await readJson(file)).toEqual({ id: 'keep' });

    const forced = await run(['scaffold', 'app.json', '--force'], dir.path);
    expect(forced.code).toBe(0);
    expect((await readJson(file))['id']).toBe('');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('pre-fills the endpoints from a preset', async () => {
    expect((await run(['scaffold', '--provider', 'google'], dir.path)).code).toBe(0);
    expect(await readJson(join(dir.path, 'app_credentials.json'))).toEqual({
      id: '',
      secret: '',
      auth_uri: 'https://accounts.google.com/o/oauth2/v2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      revoke_uri: 'https://oauth2.googleapis.com/revoke',
      provider: 'google',
      issuer: 'https://accounts.google.com',
    });
  });

  it('leaves revoke_uri empty for a preset without RFC 7009 revocation', async () => {
    expect((await run(['scaffold', '--provider', 'github'], dir.path)).code).toBe(0);
    const file = await readJson(join(dir.path, 'app_credentials.json'));
    expect(file['auth_uri']).toBe('https://github.com/login/oauth/authorize');
    expect(file['revoke_uri']).toBe('');
    expect(file['provider']).toBe('github');
  });

  it('refuses an unknown preset as a usage error and writes nothing', async () => {
    const result = await run(['scaffold', '--provider', 'myspace'], dir.path);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown provider "myspace"; known: google/);
    await expect(stat(join(dir.path, 'app_credentials.json'))).rejects.toThrow();
  });

  it('warns when the file is not git-ignored inside a repository, and not once it is', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir.path });
    const warned = await run(['scaffold', 'secret.json'], dir.path);
    expect(warned.code).toBe(0);
    expect(warned.err).toMatch(/warning: secret\.json is not git-ignored/);

    await writeFile(join(dir.path, '.gitignore'), 'ignored.json\n');
    const quiet = await run(['scaffold', 'ignored.json'], dir.path);
    expect(quiet.code).toBe(0);
    expect(quiet.err).not.toMatch(/warning/);
  });

  it('does not warn outside a repository', async () => {
    const result = await run(['scaffold'], dir.path);
    expect(result.err).not.toMatch(/warning/);
  });
});
