import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliPackage } from '../src/init/cliPackage.ts';
import { run, tempDir } from './helpers.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('init');
});
afterEach(async () => {
  await dir.remove();
});

describe('plugboard init', () => {
  it('writes a project named after its folder: manifest, tsconfig, app, test, README; says what to run next', async () => {
    const result = await run(['init', 'My Calendar'], dir.path);
    expect(result.code, result.err).toBe(0);
    const project = join(dir.path, 'My Calendar');
    for (const file of ['package.json', 'tsconfig.json', '.gitignore', 'README.md', 'src/app.ts', 'test/app.test.ts']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    const range = `^${cliPackage().version}`;
    expect(manifest).toMatchObject({
      name: 'my-calendar',
      type: 'module',
      scripts: { dev: 'plugboard dev src/app.ts', test: 'tsc && node --import tsx --test test/*.test.ts' },
      dependencies: { '@plugboard/apps-engine': range, '@plugboard/oauth2': range },
      devDependencies: { '@plugboard/cli': range, '@plugboard/testing': range },
    });
    // Nothing that needs a native build or decorator settings.
    expect(JSON.stringify(manifest)).not.toMatch(/sqlite|reflect-metadata/);
    expect(await readFile(join(project, 'tsconfig.json'), 'utf8')).not.toMatch(/Decorator/);
    const app = await readFile(join(project, 'src/app.ts'), 'utf8');
    expect(app).toContain("export const info = { id: 'my-calendar', name: 'my-calendar', version: '0.1.0' };");
    expect(app).toContain("command: 'connect',");
    expect(result.out).toContain('cd My Calendar\n  npm install\n  npm test');
  });

  it('writes into the current folder by default, and never over an existing file', async () => {
    await mkdir(join(dir.path, 'existing'));
    await writeFile(join(dir.path, 'existing', 'package.json'), '{"name":"mine"}');
    const refused = await run(['init'], join(dir.path, 'existing'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/package\.json already exists in .*existing: init writes a new project, pick an empty folder/);
    expect(existsSync(join(dir.path, 'existing', 'src'))).toBe(false);
    expect(await readFile(join(dir.path, 'existing', 'package.json'), 'utf8')).toBe('{"name":"mine"}');

    const fresh = await run(['init'], dir.path);
    expect(fresh.code, fresh.err).toBe(0);
    expect(existsSync(join(dir.path, 'src', 'app.ts'))).toBe(true);
    expect(fresh.out).toContain('Next:\n  npm install');
  });
});
