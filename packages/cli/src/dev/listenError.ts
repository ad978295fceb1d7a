import { CliError } from '../errors.ts';

/**
 * Why the host could not listen, with the fix: a busy port names `--port` (Node says only
 * `EADDRINUSE`, which the command would print as "unexpected Error").
 */
export function explainListenError(error: unknown, port: number, hostname: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new CliError(
        `port ${port} on ${hostname} is in use (another plugboard dev, or another server): stop that one, or pick another port with --port <n> (--port 0 takes any free port)`,
        { cause: error },
      );
    case 'EACCES':
      return new CliError(`port ${port} needs privileges this user does not have: pick a port above 1023 with --port <n>`, { cause: error });
    case 'EADDRNOTAVAIL':
      return new CliError(`${hostname} is not an address of this machine`, { cause: error });
    default:
      return error;
  }
}
