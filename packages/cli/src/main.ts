import { OAuth2Error, describeError } from '@plugboard/oauth2';
import type { Command } from './command.ts';
import { devCommand } from './commands/dev.ts';
import { grantCommand } from './commands/grant.ts';
import { initCommand } from './commands/init.ts';
import { scaffoldCommand } from './commands/scaffold.ts';
import { tokenCommand } from './commands/token.ts';
import { CliError, UsageError } from './errors.ts';
import type { CliIo } from './io.ts';

export const COMMANDS: readonly Command[] = [initCommand, devCommand, scaffoldCommand, grantCommand, tokenCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: plugboard <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun plugboard <command> --help for a command's options.\n`;
}

/**
 * Describes a failure in words this package chose. A foreign error's message is not printed: it
 * may quote a URL, a header or a file's content (SECURITY 22).
 */
function failureMessage(error: unknown, env: CliIo['env']): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof OAuth2Error) return describeError(error);
  const name = error instanceof Error ? error.name : 'non-error value thrown';
  const hint = env['PLUGBOARD_DEBUG'] ? `\n${(error as Error)?.stack ?? ''}` : ' (set PLUGBOARD_DEBUG=1 for the stack)';
  return `unexpected ${name}${hint}`;
}

/** Runs `plugboard <argv>` and resolves with the exit code: 0 ok, 1 failure, 2 usage error. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(overview());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(topic?.help ?? overview());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`plugboard: unknown command "${name.slice(0, 40)}"\n\n${overview()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`plugboard ${command.name}: ${error.message}\nRun plugboard ${command.name} --help for usage.\n`);
      return 2;
    }
    io.stderr.write(`plugboard ${command.name}: ${failureMessage(error, io.env)}\n`);
    return 1;
  }
}
