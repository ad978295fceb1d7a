// When a job runs, from what Rocket.Chat apps pass. Rocket.Chat's scheduler (Agenda) reads a
// one-time `when` with date.js and a recurring `interval` as a cron string, else a human-interval
// string, else milliseconds. The same inputs mean the same here, through maintained libraries:
// chrono-node for dates ("in 5 minutes", "tomorrow at noon", ISO 8601), human-interval for
// durations ("20 seconds", "1 hour and 30 minutes"), cron-parser for cron (the parser BullMQ uses,
// so both backends read a pattern alike). Where Agenda would quietly run a job now (date.js answers
// "now" for text it cannot read), an input nothing here reads is refused.
import * as chrono from 'chrono-node';
import { CronExpressionParser } from 'cron-parser';
import humanInterval from 'human-interval';

/** How a recurring job repeats: every so many milliseconds, or on a cron pattern (server local time). */
export type Repeat = { readonly every: number } | { readonly cron: string };

/** Why a time could not be read; the caller names the job. */
export class JobTimeError extends Error {
  override readonly name = 'JobTimeError';
}

/** 2^31 - 1 ms (about 24.8 days): the longest delay a Node timer takes. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The epoch milliseconds a one-time job is due: a `Date`; a date in words or ISO 8601 ("in 5
 * minutes", "tomorrow at 9am", "2030-01-01T00:00:00Z", "now"); or a duration from now, as Rocket.Chat
 * apps write it ("20 seconds", "1 hour"). A time in the past means "as soon as possible".
 */
export function dueTime(when: unknown, now: number = Date.now()): number {
  if (when instanceof Date) {
    const time = when.getTime();
    if (Number.isNaN(time)) throw new JobTimeError('`when` is an invalid Date');
    return time;
  }
  if (typeof when !== 'string' || when.trim() === '') {
    throw new JobTimeError('`when` must be a Date or a string such as "in 5 minutes" or "20 seconds"');
  }
  const text = when.trim();
  // The whole text must be the date: chrono finds dates inside longer text ("every 5 minutes").
  const [parsed] = chrono.parse(text, new Date(now), { forwardDate: true });
  if (parsed && parsed.index === 0 && parsed.text.length === text.length) {
    return parsed.start.date().getTime();
  }
  const duration = durationMs(text);
  if (duration !== undefined) {
    return now + duration;
  }
  throw new JobTimeError(`cannot tell when "${when}" is (use a Date, an ISO 8601 time, "in 5 minutes" or "20 seconds")`);
}

/** A recurring job's interval: milliseconds, a duration ("10 seconds"), or a cron pattern ("*\/5 * * * *"). */
export function parseRepeat(interval: unknown): Repeat {
  if (typeof interval === 'number') {
    if (Number.isFinite(interval) && interval >= 1) return { every: Math.round(interval) };
    throw new JobTimeError(`interval ${interval} is not a positive number of milliseconds`);
  }
  if (typeof interval !== 'string' || interval.trim() === '') {
    throw new JobTimeError('`interval` must be milliseconds, a duration such as "10 seconds", or a cron pattern');
  }
  const text = interval.trim();
  // An alias ("@hourly") is cron: human-interval would read it as "every hour from now".
  const duration = text.startsWith('@') ? undefined : durationMs(text);
  if (duration !== undefined) {
    return { every: duration };
  }
  // cron-parser also reads fewer fields ("5" is minute 5 of every hour): ask for a whole pattern.
  const fields = text.split(/\s+/).length;
  if (text.startsWith('@') || fields === 5 || fields === 6) {
    try {
      CronExpressionParser.parse(text);
      return { cron: text };
    } catch (error) {
      throw new JobTimeError(`"${interval}" is not a valid cron pattern: ${(error as Error).message}`);
    }
  }
  throw new JobTimeError(`cannot read the interval "${interval}" (use milliseconds, "10 seconds", "1 hour" or a cron pattern such as "0 * * * *")`);
}

/** The first time strictly after `after` (epoch ms) that the repetition is due. */
export function nextRepeat(repeat: Repeat, after: number): number {
  if ('every' in repeat) {
    return after + repeat.every;
  }
  return CronExpressionParser.parse(repeat.cron, { currentDate: new Date(after) }).next().getTime();
}

/** A duration in words, as human-interval reads it; `undefined` when it reads none (it answers NaN or 0 for text it does not know). */
function durationMs(text: string): number | undefined {
  const ms = humanInterval(text);
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}
