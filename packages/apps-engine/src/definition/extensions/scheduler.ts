import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IOnetimeSchedule } from '@rocket.chat/apps-engine/definition/scheduler/index.js';

/** Plugboard: a one-time job with a key of the app's choosing (one pending job per processor and key). */
export interface IPlugboardOnetimeSchedule extends IOnetimeSchedule {
  /**
   * At most one pending job of this processor with this key, across every host: scheduling again
   * with the key replaces the pending job (its time and data). Scheduled while that job runs (say,
   * from inside it), the new one waits for the run to end. Every schedule with the key returns
   * the same job id, which `cancelJob` takes. 1 to 256 characters.
   */
  key?: string;
}

/** Rocket.Chat's `ISchedulerModify` plus keyed one-time jobs. */
export interface IPlugboardSchedulerModify extends ISchedulerModify {
  /** Feature flag: this scheduler honours `key`. */
  readonly keyedJobs: true;
  /**
   * Whether the host can run jobs at all (it has a job backend: in-process, or BullMQ on Redis).
   * `false` on a host whose store other hosts share but that has no Redis for BullMQ, or lacks
   * BullMQ: scheduling there throws, and an app that registers processors fails to install.
   */
  readonly runsJobs: boolean;
  scheduleOnce(job: IPlugboardOnetimeSchedule): Promise<string>;
}

/**
 * Feature detection: the scheduler with keyed jobs, or `undefined` on a host without them (a
 * Rocket.Chat server ignores `key` and would add a job per call) or one that cannot run jobs.
 */
export function plugboardScheduler(scheduler: ISchedulerModify): IPlugboardSchedulerModify | undefined {
  const extended = scheduler as Partial<IPlugboardSchedulerModify>;
  return extended.keyedJobs === true && extended.runsJobs !== false ? (scheduler as IPlugboardSchedulerModify) : undefined;
}
