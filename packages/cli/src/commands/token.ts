import { resolve } from 'node:path';
import { parseCommandArgs, requiredOption } from '../args.ts';
import type { Command } from '../command.ts';
import { warnIfReadableByOthers } from '../credentials/files.ts';
import type { CliIo } from '../io.ts';
import { fromCredentialFiles } from '../tokens/fromCredentialFiles.ts';

const HELP = `Usage: plugboard token --app <app.json> --user <user.json>

Prints a valid access token on stdout, and nothing else. When the token expires within
60 seconds it is refreshed first and the user file is rewritten (atomically, mode 0600).
The app file is read and checked on every run; either file being readable by other users
gives a warning on stderr.

  TOKEN=$(plugboard token --app app.json --user user.json)

Options:
  --app <file>    app credentials (see plugboard scaffold)
  --user <file>   user credentials (see plugboard grant)
  -h, --help      show this help
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { app: { type: 'string' }, user: { type: 'string' } }, 0);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const appArg = requiredOption('app', values.app);
  const userArg = requiredOption('user', values.user);
  const appPath = resolve(io.cwd, appArg);
  const userPath = resolve(io.cwd, userArg);
  const warn = (text: string) => io.stderr.write(text);
  await warnIfReadableByOthers(appPath, warn, appArg);
  await warnIfReadableByOthers(userPath, warn, userArg);
  const files = fromCredentialFiles(appPath, userPath);
  files.onRefresh(() => {
    io.stderr.write('refreshed the access token\n');
  });
  // The one place the CLI prints a token: it is this command's whole job.
  io.stdout.write(`${await files.getAccessToken()}\n`);
  return 0;
}

export const tokenCommand: Command = {
  name: 'token',
  summary: 'print a valid access token, refreshing the user file when needed',
  help: HELP,
  run,
};
