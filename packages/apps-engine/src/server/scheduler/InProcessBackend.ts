import type { Association, IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import type { AppJobQueue, BackendErrorLog, JobBackend, JobRunner, JobSpec, OnceSpec, RecurringSpec } from './JobBackend.ts';
import { MAX_TIMER_MS, nextRepeat, type Repeat } from './jobTimes.ts';
import { sameSchedule } from './sameSchedule.ts';

/** How long stopping waits for runs under way; a processor that hangs must not hang the host's close. */
export const STOP_WAIT_MS = 10_000;

/** Store scope of the jobs (`#` keeps it out of apps' reach). */
const JOBS = '#jobs';

/** A job at rest: one record each, found by app, by job id and by processor. */
interface StoredJob extends JobSpec {
  dueAt: number;
  repeat?: Repeat;
}

interface Entry {
  job: StoredJob;
  timer?: NodeJS.Timeout;
}

/**
 * Jobs for a deployment that is one process (the in-memory or SQLite store): each job is a record
 * in the host's store, so it survives a restart, and this process keeps a timer per job. Due
 * one-time jobs are claimed (removed) before they run: a job running when the process dies is not
 * run again. A recurring job stores its next due time before each run; a run is never overlapped
 * by the next one, and occurrences missed while no host ran them collapse into one run.
 */
export class InProcessBackend implements JobBackend {
  private readonly queues = new Map<string, InProcessQueue>();

  constructor(
    private readonly bridge: IPersistenceBridge,
    private readonly logError: BackendErrorLog,
  ) {}

  queue(appId: string): AppJobQueue {
    let queue = this.queues.get(appId);
    if (!queue) {
      queue = new InProcessQueue(this.bridge, appId, this.logError);
      this.queues.set(appId, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.stop()));
  }
}

class InProcessQueue implements AppJobQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Set<Promise<void>>();
  /** Runs under way, by job id: a job with the same id waits for its predecessor. */
  private readonly active = new Map<string, Promise<void>>();
  private loaded: Promise<void> | undefined;
  private run: JobRunner | undefined;

  constructor(
    private readonly bridge: IPersistenceBridge,
    private readonly appId: string,
    private readonly logError: BackendErrorLog,
  ) {}

  async addOnce(job: OnceSpec): Promise<void> {
    await this.put({ ...job });
  }

  async replaceOnce(job: OnceSpec): Promise<void> {
    // One record per job id: the upsert replaces a pending one; one that is running was claimed already.
    await this.put({ ...job });
  }

  async addStartupOnce(job: OnceSpec, windowMs: number): Promise<void> {
    // One process is the whole deployment: the marker only spares a double add within one start.
    const marker = `startup:${this.appId}:${job.processor}`;
    if (await this.bridge.read(JOBS, marker)) {
      return;
    }
    await this.bridge.update(JOBS, marker, { at: Date.now() }, true, { ttlMs: Math.max(job.dueAt - Date.now(), 0) + windowMs });
    await this.put({ ...job });
  }

  async upsertRecurring(job: RecurringSpec, keepSame: boolean): Promise<void> {
    await this.load();
    const current = this.recurringOf(job.processor);
    if (current && keepSame && sameSchedule(current.job, job)) {
      return;
    }
    if (current) {
      await this.delete(current.job);
    }
    const now = Date.now();
    // As on Rocket.Chat, a cron job first runs at the pattern's next time; an interval at once unless skipped.
    const dueAt = job.skipImmediate || 'cron' in job.repeat ? nextRepeat(job.repeat, now) : now;
    await this.put({ jobId: job.jobId, processor: job.processor, data: job.data, repeat: job.repeat, dueAt });
  }

  async removeOnce(jobId: string): Promise<boolean> {
    await this.load();
    const entry = this.entries.get(jobId);
    if (!entry || entry.job.repeat) {
      return false;
    }
    await this.delete(entry.job);
    return true;
  }

  async removeRecurring(processor: string): Promise<boolean> {
    await this.load();
    const entry = this.recurringOf(processor);
    if (!entry) {
      return false;
    }
    await this.delete(entry.job);
    return true;
  }

  async removeProcessor(processor: string): Promise<void> {
    await this.load();
    for (const entry of [...this.entries.values()].filter((candidate) => candidate.job.processor === processor)) {
      this.forget(entry.job.jobId);
    }
    await this.bridge.removeByAssociations(JOBS, [this.appAssociation(), { model: 'processor', id: processor }]);
  }

  async removeAll(): Promise<void> {
    await this.load();
    for (const jobId of [...this.entries.keys()]) {
      this.forget(jobId);
    }
    await this.bridge.removeByAssociations(JOBS, [this.appAssociation()]);
  }

  async start(run: JobRunner): Promise<void> {
    await this.load();
    this.run = run;
    for (const entry of this.entries.values()) {
      this.arm(entry);
    }
  }

  async stop(): Promise<void> {
    this.run = undefined;
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      delete entry.timer;
    }
    await settledWithin(Promise.all(this.running), STOP_WAIT_MS);
  }

  /** Reads the app's stored jobs once (they may be from before a restart). */
  private load(): Promise<void> {
    this.loaded ??= this.bridge.readByAssociations(JOBS, [this.appAssociation()]).then(
      (records) => {
        for (const record of records as StoredJob[]) {
          if (!this.entries.has(record.jobId)) this.entries.set(record.jobId, { job: record });
        }
      },
      (error: unknown) => {
        this.loaded = undefined;
        throw error;
      },
    );
    return this.loaded;
  }

  private async put(job: StoredJob): Promise<void> {
    await this.load();
    await this.bridge.updateByAssociations(JOBS, this.associations(job), job, true);
    this.forget(job.jobId);
    const entry: Entry = { job };
    this.entries.set(job.jobId, entry);
    this.arm(entry);
  }

  private async delete(job: StoredJob): Promise<void> {
    this.forget(job.jobId);
    await this.bridge.removeByAssociations(JOBS, this.associations(job));
  }

  private forget(jobId: string): void {
    clearTimeout(this.entries.get(jobId)?.timer);
    this.entries.delete(jobId);
  }

  private recurringOf(processor: string): Entry | undefined {
    return [...this.entries.values()].find((entry) => entry.job.repeat && entry.job.processor === processor);
  }

  private arm(entry: Entry): void {
    if (!this.run || entry.timer) {
      return;
    }
    const wait = Math.min(Math.max(entry.job.dueAt - Date.now(), 0), MAX_TIMER_MS);
    entry.timer = setTimeout(() => {
      delete entry.timer;
      if (this.entries.get(entry.job.jobId) !== entry) {
        return; // cancelled or replaced meanwhile
      }
      const previous = this.active.get(entry.job.jobId);
      if (entry.job.dueAt > Date.now() || previous) {
        // A delay longer than one timer allows, or the previous run of this id is not over.
        void (previous ?? Promise.resolve()).finally(() => this.arm(entry));
        return;
      }
      this.track(entry.job.jobId, this.fire(entry));
    }, wait);
    entry.timer.unref();
  }

  private async fire(entry: Entry): Promise<void> {
    const { job } = entry;
    const run = this.run;
    if (!run) {
      return; // stopped meanwhile: leave the job stored for the next start
    }
    try {
      if (job.repeat) {
        const next = { ...job, dueAt: nextRepeat(job.repeat, Date.now()) };
        await this.bridge.updateByAssociations(JOBS, this.associations(next), next, true);
        await run(job);
        if (this.entries.get(job.jobId) === entry) {
          entry.job = next;
          this.arm(entry);
        }
        return;
      }
      this.forget(job.jobId);
      // The claim: if the record is gone, someone cancelled the job in the meantime.
      const claimed = await this.bridge.removeByAssociations(JOBS, this.associations(job));
      if (claimed.length > 0) {
        await run(job);
      }
    } catch (error) {
      this.logError(`Job "${job.processor}" (${job.jobId}) could not be run:`, error);
    }
  }

  private track(jobId: string, work: Promise<void>): void {
    this.running.add(work);
    this.active.set(jobId, work);
    void work.finally(() => {
      this.running.delete(work);
      if (this.active.get(jobId) === work) this.active.delete(jobId);
    });
  }

  private appAssociation(): Association {
    return { model: 'app', id: this.appId };
  }

  private associations(job: JobSpec): Association[] {
    // The job's own association first: the bridge walks the first index when it is small (one id),
    // where the app's (every job) would make it read the other indexes' sizes first.
    return [{ model: 'job', id: job.jobId }, this.appAssociation(), { model: 'processor', id: job.processor }];
  }
}

/** Waits for `work`, but no longer than `ms`. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.then(() => undefined, () => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
