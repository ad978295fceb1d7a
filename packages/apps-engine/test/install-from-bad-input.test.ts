import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppFolders } from './support/appFolders.ts';
import { startHost, type TestHost } from './support/host.ts';

const folders = new AppFolders();
let running: TestHost;
beforeAll(async () => {
  running = await startHost();
});
afterAll(async () => {
  await running.host.close();
  await folders.cleanup();
});

const manifest = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'bad-app', name: 'Bad app', version: '1.0.0', requiredApiVersion: '^1.19.0', classFile: 'BadApp.ts', ...fields });

const appSource = `import { App } from '@rocket.chat/apps-engine/definition/App';
export class BadApp extends App {}
`;

interface Case {
  name: string;
  files: Record<string, string>;
  code: string;
  /** Parts the message must contain; `{folder}` stands for the app folder. */
  says: Array<string | RegExp>;
}

const cases: Case[] = [
  { name: 'no app.json', files: { 'BadApp.ts': appSource }, code: 'invalid_app_folder', says: ['{folder}/app.json not found'] },
  { name: 'app.json is not JSON', files: { 'app.json': '{ "id": "bad-app", ', 'BadApp.ts': appSource }, code: 'invalid_app_folder', says: ['{folder}/app.json is not valid JSON'] },
  { name: 'app.json holds an array', files: { 'app.json': '[]' }, code: 'invalid_app_folder', says: ['{folder}/app.json must hold a JSON object'] },
  { name: 'no classFile', files: { 'app.json': manifest({ classFile: undefined }) }, code: 'invalid_app_folder', says: ['{folder}/app.json', '"classFile" must be a non-empty string'] },
  { name: 'a version that is a number', files: { 'app.json': manifest({ version: 1 }) }, code: 'invalid_app_folder', says: ['"version" must be a non-empty string'] },
  { name: 'an id that is no path segment', files: { 'app.json': manifest({ id: '../escape' }), 'BadApp.ts': appSource }, code: 'invalid_app_folder', says: ['{folder}/app.json', '"id"', '../escape'] },
  { name: 'author is a string', files: { 'app.json': manifest({ author: 'me' }), 'BadApp.ts': appSource }, code: 'invalid_app_folder', says: ['"author" must be an object'] },
  { name: 'a classFile outside the folder', files: { 'app.json': manifest({ classFile: '../BadApp.ts' }) }, code: 'invalid_app_folder', says: ['"classFile" must name a file inside the folder'] },
  { name: 'a classFile that is not there', files: { 'app.json': manifest({ classFile: 'src/Missing.ts' }) }, code: 'invalid_app_folder', says: ['"classFile" names src/Missing.ts, which does not exist', 'src/Missing.js'] },
  { name: 'a requiredApiVersion that is no range', files: { 'app.json': manifest({ requiredApiVersion: 'latest' }), 'BadApp.ts': appSource }, code: 'invalid_app_folder', says: ['"requiredApiVersion" "latest" is not a semver range'] },
  {
    name: 'a requiredApiVersion the host cannot serve',
    files: { 'app.json': manifest({ requiredApiVersion: '^2.0.0' }), 'BadApp.ts': appSource },
    code: 'unsupported_api_version',
    says: ['{folder}/app.json', '"requiredApiVersion" is "^2.0.0"', 'serves Apps-Engine 1.66.0'],
  },
  {
    name: 'a syntax error',
    files: { 'app.json': manifest(), 'BadApp.ts': `${appSource}\nfunction broken( {\n  return 1;\n}\n` },
    code: 'app_compile_failed',
    says: ['{folder}', /BadApp\.ts:5:\d+: /],
  },
  {
    name: 'a relative import of a file that is not there',
    files: { 'app.json': manifest(), 'BadApp.ts': `import { helper } from './lib/helper';\n${appSource}helper();\n` },
    code: 'app_compile_failed',
    says: [/BadApp\.ts:1:\d+: Could not resolve "\.\/lib\/helper"/],
  },
  {
    name: 'a package that is not installed',
    files: { 'app.json': manifest(), 'BadApp.ts': `import { client } from '@acme/not-installed';\n${appSource}void client;\n` },
    code: 'missing_dependency',
    says: ['{folder}/BadApp.ts imports "@acme/not-installed"', 'not installed in {folder}'],
  },
  {
    name: 'a class file that throws while it loads',
    files: { 'app.json': manifest(), 'BadApp.ts': `${appSource}throw new Error('top-level failure');\n` },
    code: 'app_load_failed',
    says: ['{folder}', 'top-level failure'],
  },
  {
    name: 'a class that does not extend App',
    files: { 'app.json': manifest(), 'BadApp.ts': 'export class BadApp {\n  getID() { return "x"; }\n}\n' },
    code: 'invalid_app_class',
    says: ['{folder}/BadApp.ts exports no App class', 'BadApp (a class that does not extend App)'],
  },
  { name: 'a class file that exports nothing', files: { 'app.json': manifest(), 'BadApp.ts': 'const unused = 1;\n' }, code: 'invalid_app_class', says: ['exports no App class', 'it exports nothing'] },
  {
    name: 'an app whose constructor throws',
    files: { 'app.json': manifest(), 'BadApp.ts': appSource.replace('{}', "{\n  constructor(...args: any[]) { super(...(args as [any, any, any])); throw new Error('no'); }\n}") },
    code: 'app_install_failed',
    says: ['constructor'],
  },
];

describe('installFrom: bad input is a HostError naming the file and field; nothing is installed', () => {
  test.each(cases)('$name -> $code', async ({ files, code, says }) => {
    const { host } = running;
    const folder = await folders.make(files);
    const error = await host.installFrom(folder).then(
      async (app) => host.uninstall(app.getID()),
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(error?.code, error?.message).toBe(code);
    for (const part of says) {
      if (typeof part === 'string') expect(error?.message).toContain(part.replaceAll('{folder}', folder));
      else expect(error?.message).toMatch(part);
    }
    expect(host.apps()).toEqual([]);
    expect(host.getApp('bad-app')).toBeUndefined();
  });

  test('a folder that does not exist', async () => {
    const missing = join(await folders.make({}), 'nope');
    await expect(running.host.installFrom(missing)).rejects.toMatchObject({ code: 'invalid_app_folder', message: expect.stringContaining(`${missing} is not a folder`) });
  });

  test('after a failure the same folder, fixed, installs', async () => {
    const { host } = running;
    const folder = await folders.make({ 'app.json': manifest(), 'BadApp.ts': `${appSource}throw new Error('not yet');\n` });
    await expect(host.installFrom(folder)).rejects.toMatchObject({ code: 'app_load_failed' });
    await folders.write(folder, { 'BadApp.ts': appSource });
    const app = await host.installFrom(folder);
    expect(app.getID()).toBe('bad-app');
    await host.uninstall('bad-app');
  });
});
