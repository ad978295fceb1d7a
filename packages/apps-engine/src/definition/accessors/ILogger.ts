/** An app's logger. Hosts redact secrets before anything is written. */
export interface ILogger {
  debug(...items: unknown[]): void;
  info(...items: unknown[]): void;
  log(...items: unknown[]): void;
  warn(...items: unknown[]): void;
  error(...items: unknown[]): void;
  success(...items: unknown[]): void;
}
