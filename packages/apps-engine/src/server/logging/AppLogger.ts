import { formatWithOptions } from 'node:util';
import type { ILogger } from '../../definition/accessors/ILogger.ts';
import type { LogLevel, LogSink } from './LogSink.ts';
import type { Redactor } from './redact.ts';

/** An app's `ILogger`: formats like `console.log`, redacts, and hands the line to the host's sink. */
export class AppLogger implements ILogger {
  constructor(
    private readonly appId: string,
    private readonly sink: LogSink,
    private readonly redactor: Redactor,
  ) {}

  debug(...items: unknown[]): void {
    this.write('debug', items);
  }

  info(...items: unknown[]): void {
    this.write('info', items);
  }

  log(...items: unknown[]): void {
    this.write('log', items);
  }

  warn(...items: unknown[]): void {
    this.write('warn', items);
  }

  error(...items: unknown[]): void {
    this.write('error', items);
  }

  success(...items: unknown[]): void {
    this.write('success', items);
  }

  private write(level: LogLevel, items: unknown[]): void {
    const text = formatWithOptions({ colors: false, depth: 6, breakLength: Infinity }, ...items);
    this.sink({ level, appId: this.appId, message: this.redactor.redact(text), time: new Date() });
  }
}
