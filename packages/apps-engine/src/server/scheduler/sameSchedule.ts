import type { RecurringSpec } from './JobBackend.ts';
import type { Repeat } from './jobTimes.ts';

/** Same repetition and data: a second enable (another host, a restart) leaves such a schedule as it is. */
export function sameSchedule(current: { repeat?: Repeat | undefined; data: unknown }, wanted: RecurringSpec): boolean {
  return JSON.stringify([current.repeat, current.data]) === JSON.stringify([wanted.repeat, wanted.data]);
}
