import type { CliIo } from './io.ts';

/** One `plugboard <name>` command: its help text and its body, which resolves with the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(argv: string[], io: CliIo): Promise<number>;
}
