import type { Repeat } from './jobTimes.ts';

/** A job as a backend keeps it: which processor runs it, with what, under which id. */
export interface JobSpec {
  /** What `scheduleOnce` / `scheduleRecurring` returned; the processor sees it as `jobContext.jobId`. */
  readonly jobId: string;
  /** The processor id, as the app registered it. */
  readonly processor: string;
  /** The app's `data` (JSON). */
  readonly data: Record<string, unknown>;
}

export interface OnceSpec extends JobSpec {
  /** Epoch milliseconds; in the past means "as soon as possible". */
  readonly dueAt: number;
}

export interface RecurringSpec extends JobSpec {
  readonly repeat: Repeat;
  /** First run one interval from now (or at the next cron time) instead of at once. */
  readonly skipImmediate: boolean;
}

/** Where a backend reports what went wrong outside any caller (a timer, a worker connection). */
export type BackendErrorLog = (message: string, error: unknown) => void;

/** Runs one due job. It never rejects: the scheduler logs a processor's failure under the app. */
export type JobRunner = (job: JobSpec) => Promise<void>;

/**
 * One app's jobs in a backend. Everything stored is shared by every host of the deployment; `start`
 * makes this host one of those that run them.
 */
export interface AppJobQueue {
  addOnce(job: OnceSpec): Promise<void>;
  /**
   * A one-time job under a fixed id (a keyed job): replaces the pending job with that id; while
   * one with that id runs, the new one waits for the run to end.
   */
  replaceOnce(job: OnceSpec): Promise<void>;
  /**
   * A processor's startup one-time job (`startupSetting`): added unless another enable in this
   * deployment added it less than `windowMs` before its due time ran out, so hosts starting together
   * run it once; a later start (a restart, as on Rocket.Chat) runs it again.
   */
  addStartupOnce(job: OnceSpec, windowMs: number): Promise<void>;
  /**
   * The processor's one recurring schedule (Rocket.Chat keeps one per processor): created, or
   * replaced by this one. With `keepSame`, a schedule already there with the same repetition and
   * data is left as it is (a startup schedule is not restarted by each host that enables the app).
   */
  upsertRecurring(job: RecurringSpec, keepSame: boolean): Promise<void>;
  /** Removes the pending one-time job (keyed or not) with this id; `false` when there is none (a job already running finishes). */
  removeOnce(jobId: string): Promise<boolean>;
  /** Removes the processor's recurring schedule; `false` when there is none. */
  removeRecurring(processor: string): Promise<boolean>;
  /** Removes every pending job of the processor, one-time and recurring. */
  removeProcessor(processor: string): Promise<void>;
  /** Removes every pending job of the app. */
  removeAll(): Promise<void>;
  /** This host starts running the app's due jobs. */
  start(run: JobRunner): Promise<void>;
  /** This host stops running them (waiting for those it is running); the jobs stay stored. */
  stop(): Promise<void>;
}

/** Where jobs live and how hosts share them: in this process over the host's store, or BullMQ on Redis. */
export interface JobBackend {
  queue(appId: string): AppJobQueue;
  /** Stops every app's queue on this host and lets go of connections. */
  close(): Promise<void>;
}
