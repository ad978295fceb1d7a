/** The command line was wrong: exit code 2, and the command's usage is worth showing. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
}

/**
 * The command ran and failed: exit code 1. Messages are written by this package and never quote
 * a token, a secret or a credential file's content.
 */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode = 1;
}
