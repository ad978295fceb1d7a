export type LogLevel = 'debug' | 'info' | 'log' | 'warn' | 'error' | 'success';

/** One line written by an app (or by the host about an app), already redacted. */
export interface LogEntry {
  level: LogLevel;
  appId: string;
  message: string;
  time: Date;
}

/** Where log lines go. The default writes to the console; tests pass `(entry) => entries.push(entry)`. */
export type LogSink = (entry: LogEntry) => void;

/** `debug` lines (Rocket.Chat's `App` writes one per construction) print only with `DEBUG=plugboard`. */
const showDebug = /\bplugboard\b/.test(process.env['DEBUG'] ?? '');

export const consoleSink: LogSink = (entry) => {
  if (entry.level === 'debug' && !showDebug) {
    return;
  }
  const line = `[${entry.appId}] ${entry.message}`;
  switch (entry.level) {
    case 'error':
      console.error(line);
      break;
    case 'warn':
      console.warn(line);
      break;
    case 'debug':
      console.debug(line);
      break;
    default:
      console.log(line);
  }
};
