import { Console } from 'node:console';
import { Writable } from 'node:stream';
import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors/index.js';

/** What the compiled module requires for its `console` (a name no package can have). */
export const APP_CONSOLE = 'plugboard:app-console';

/** Declared first in the compiled module, so every `console` in the app's files is its own. */
export const CONSOLE_BANNER = `var console = require(${JSON.stringify(APP_CONSOLE)});`;

type Levels = Pick<ILogger, 'debug' | 'info' | 'log' | 'warn' | 'error'>;

/**
 * The `console` an app's code sees (Rocket.Chat's runtime hands apps one of its own too): its lines
 * go to the host's log under the app's id, redacted like the app's logger, instead of the host
 * process's stdout. The methods without a level (`table`, `dir`, `time`, ...) write as `log`.
 */
export function appConsole(logger: Levels): Console {
  const lines = (write: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        write(String(chunk).replace(/\n$/, ''));
        done();
      },
    });
  const console = new Console({ stdout: lines((text) => logger.log(text)), stderr: lines((text) => logger.error(text)) });
  return Object.assign(console, {
    debug: (...items: unknown[]) => logger.debug(...items),
    info: (...items: unknown[]) => logger.info(...items),
    log: (...items: unknown[]) => logger.log(...items),
    warn: (...items: unknown[]) => logger.warn(...items),
    error: (...items: unknown[]) => logger.error(...items),
  });
}
