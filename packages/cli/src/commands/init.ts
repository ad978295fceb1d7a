import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliError } from '../errors.ts';
import { cliPackage } from '../init/cliPackage.ts';
import { projectFiles, projectName } from '../init/projectFiles.ts';
import type { CliIo } from '../io.ts';

const HELP = `Usage: plugboard init [dir]

Writes a new app project in dir (default: the current folder):
  package.json        @plugboard packages, "npm test" and "npm run dev"
  tsconfig.json       NodeNext, strict; no decorator settings needed
  src/app.ts          an app with a /connect command and a google() OAuth client
  test/app.test.ts    /connect, sign-in and consent against a real local authorization
                      server (@plugboard/testing), with node:test
  README.md, .gitignore

Existing files are never overwritten: init refuses and names them.

Then: cd dir && npm install && npm test && npm run dev

Options:
  -h, --help          show this help
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const dir = resolve(io.cwd, positionals[0] ?? '.');
  const name = projectName(basename(dir));
  const files = await projectFiles(name, cliPackage());
  const existing = files.filter((file) => existsSync(join(dir, file.path))).map((file) => file.path);
  if (existing.length > 0) {
    throw new CliError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}: init writes a new project, pick an empty folder`);
  }
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text, { flag: 'wx' });
  }
  const cd = relative(io.cwd, dir);
  io.stdout.write(`Created ${name} in ${dir}: ${files.map((f) => f.path).join(', ')}\n\nNext:\n`);
  io.stdout.write(`${cd === '' ? '' : `  cd ${cd}\n`}  npm install\n  npm test        # connects alice's account against a local authorization server\n  npm run dev     # the console: run /connect as alice\n`);
  return 0;
}

export const initCommand: Command = {
  name: 'init',
  summary: 'write a new app project: an app with /connect and an OAuth client, and its test',
  help: HELP,
  run,
};
