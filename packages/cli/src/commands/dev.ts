import { integerOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { describeAlias } from '../dev/configureAliases.ts';
import { UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import type { ReloadOutcome } from '../dev/DevAppRunner.ts';

const HELP = `Usage: plugboard dev <app folder | app module> [--watch] [--port 3000] [--store <file | redis://… | memory>]
                     [--reset] [--settings <file.json>]

Runs the app in a local host with a web console: chat users alice and bob, slash commands,
the messages the app sends, its settings, and each user's connected accounts.

The app is a Rocket.Chat app folder (app.json + its classFile, as rc-apps create makes it;
TypeScript or JavaScript, compiled on the fly), or a module whose default export is the App
class (e.g. src/app.ts).

OAuth credentials per alias come from, in order: PLUGBOARD_<ALIAS>_CLIENT_ID and
PLUGBOARD_<ALIAS>_CLIENT_SECRET, values already saved in the settings, else a client of the
bundled authorization server, and then the app's client (a google() preset too) is pointed at
that server as well: credentials and endpoints always belong to the same server.

The app is loaded before the host listens: a syntax error or a missing export stops the start
with its file:line.

Options:
  --watch             reload the app when a file in its folder changes; the store, the bundled
                      server (its keys, clients and accounts) and so connected accounts and open
                      consoles stay. A build that does not load leaves the running one in place.
  --port <n>          port of the host and console, 0 = any free port (default 3000)
  --store <location>  where settings, users and tokens are kept: a SQLite file
                      (needs @keyv/sqlite), a redis:// URL (needs @keyv/redis), or
                      "memory" (default: .plugboard/dev.sqlite when @keyv/sqlite is
                      installed, else memory)
  --reset             empty the store first: saved settings (a wrong client id, say), users,
                      tokens and the app's records
  --settings <file>   a JSON object of setting id -> value, stored at start (as an admin's
                      edit), e.g. {"greeting": "hi", "acme-oauth-client-id": "…"}; an unknown
                      id or a value of the wrong type stops the start
  --no-auth-server    do not start the bundled authorization server
  -h, --help          show this help

The store holds client secrets and tokens. .plugboard/ gets a .gitignore of its own; a store
file elsewhere that git would commit is warned about. With PLUGBOARD_DEV_KEY set (32 bytes in
base64: openssl rand -base64 32) every record is stored AES-256-GCM encrypted; set it before
the store's first run, and keep using the same key.

The bundled server knows the accounts alice and bob (any password); the console links to its
sign-out page, to switch between them.
`;

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function describeReload(outcome: ReloadOutcome): string {
  const files = outcome.files.length === 0 ? '' : ` after a change to ${outcome.files.slice(0, 3).join(', ')}${outcome.files.length > 3 ? ', …' : ''}`;
  if (outcome.ok) return `Reloaded ${outcome.app.app.getName()}${files}.`;
  const state = outcome.running ? 'the previous build keeps running' : 'no build of the app is running';
  return `Reload failed${files} (${state}): ${outcome.error}`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      port: { type: 'string' },
      store: { type: 'string' },
      'no-auth-server': { type: 'boolean' },
      watch: { type: 'boolean' },
      reset: { type: 'boolean' },
      settings: { type: 'string' },
    },
    1,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const appModule = positionals[0];
  if (appModule === undefined) throw new UsageError('an app is required: a Rocket.Chat app folder (plugboard dev .) or a module (plugboard dev src/index.ts)');

  // Loaded on demand: scaffold, grant and token start faster without the host and its server.
  const { startDevHost } = await import('../dev/startDevHost.ts');
  const dev = await startDevHost({
    appModule,
    port: integerOption('port', values.port, 3000, 0, 65535),
    ...(values.store === undefined ? {} : { store: values.store }),
    cwd: io.cwd,
    env: io.env,
    localAuthorizationServer: values['no-auth-server'] !== true,
    watch: values.watch === true,
    onReload: (outcome) => io.stderr.write(`${describeReload(outcome)}\n`),
    reset: values.reset === true,
    ...(values.settings === undefined ? {} : { settingsFile: values.settings }),
  });
  try {
    if (dev.wasReset) io.stderr.write(`Store emptied (--reset): ${dev.storeDescription}\n`);
    io.stderr.write(`${dev.app.getName()} (${dev.appId}) is running; store: ${dev.storeDescription}\n`);
    if (dev.presetSettings.length > 0) io.stderr.write(`  settings from ${values.settings ?? ''}: ${dev.presetSettings.join(', ')}\n`);
    for (const warning of dev.warnings) io.stderr.write(`${warning}\n`);
    for (const alias of dev.aliases) io.stderr.write(`  OAuth alias ${alias.alias}: ${describeAlias(alias)}\n`);
    if (dev.authorizationServer !== undefined) {
      io.stderr.write(`  bundled authorization server: ${dev.authorizationServer.issuer} (sign in as alice or bob)\n`);
    }
    if (dev.staleConnectionsCleared > 0) {
      io.stderr.write(`  dropped ${dev.staleConnectionsCleared} connection(s) to the previous run's bundled server\n`);
    }
    io.stdout.write(`Console: ${dev.url}/\n`);
    if (values.watch === true) io.stderr.write('Watching the app\'s files; a change reloads it.\n');
    io.stderr.write('Press Ctrl-C to stop.\n');
    await waitForAbort(io.signal);
    io.stderr.write('\nStopping…\n');
    return 0;
  } finally {
    await dev.close();
  }
}

export const devCommand: Command = {
  name: 'dev',
  summary: 'run an app (a Rocket.Chat app folder or a module) in a local host with a web console',
  help: HELP,
  run,
};
