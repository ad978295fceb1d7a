import { formatWithOptions } from 'node:util';
import { AppMethod } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import { type ILogEntry, type ILogger, LogMessageSeverity } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { LogLevel, LogSink } from './LogSink.ts';
import type { Redactor } from './redact.ts';

const SEVERITY: Record<LogLevel, LogMessageSeverity> = {
  debug: LogMessageSeverity.DEBUG,
  info: LogMessageSeverity.INFORMATION,
  log: LogMessageSeverity.LOG,
  warn: LogMessageSeverity.WARNING,
  error: LogMessageSeverity.ERROR,
  success: LogMessageSeverity.SUCCESS,
};
const KEPT_ENTRIES = 100;

/**
 * An app's `ILogger` (Rocket.Chat's interface): formats like `console.log`, redacts secrets, and
 * hands the line to the host's sink. It keeps the newest entries for `getEntries()`, redacted too.
 */
export class AppLogger implements ILogger {
  method: `${AppMethod}` = AppMethod.INITIALIZE;
  private readonly entries: ILogEntry[] = [];
  private readonly startTime = new Date();

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

  getEntries(): ILogEntry[] {
    return [...this.entries];
  }

  getMethod(): `${AppMethod}` {
    return this.method;
  }

  getStartTime(): Date {
    return this.startTime;
  }

  getEndTime(): Date {
    return new Date();
  }

  getTotalTime(): number {
    return Date.now() - this.startTime.getTime();
  }

  private write(level: LogLevel, items: unknown[]): void {
    const text = this.redactor.redact(formatWithOptions({ colors: false, depth: 6, breakLength: Infinity }, ...items));
    const time = new Date();
    this.entries.push({ severity: SEVERITY[level], timestamp: time, args: [text], method: this.method });
    if (this.entries.length > KEPT_ENTRIES) {
      this.entries.shift();
    }
    this.sink({ level, appId: this.appId, message: text, time });
  }
}
