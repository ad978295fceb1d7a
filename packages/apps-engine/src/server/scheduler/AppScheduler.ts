import { createHash, randomUUID } from 'node:crypto';
import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { StartupType, type IJobContext, type IOnetimeStartup, type IProcessor, type IRecurringSchedule, type IRecurringStartup } from '@rocket.chat/apps-engine/definition/scheduler/index.js';
import { inject, injectable } from 'inversify';
import type { IPlugboardOnetimeSchedule, IPlugboardSchedulerModify } from '../../definition/extensions/scheduler.ts';
import { TOKENS } from '../container/tokens.ts';
import { HostError } from '../errors.ts';
import type { HostScheduler } from './HostScheduler.ts';
import type { AppJobQueue, JobSpec } from './JobBackend.ts';
import { dueTime, JobTimeError, parseRepeat } from './jobTimes.ts';

/** Hosts that enable an app within this long of its startup one-time job's due time share one run of it. */
export const STARTUP_WINDOW_MS = 60_000;

/** What a processor receives besides its job context: the accessors of its app. */
export interface JobAccessors {
  read: IRead;
  modify: IModify;
  http: IHttp;
  persistence: IPersistence;
}

/**
 * An app's `modify.getScheduler()` and `configurationModify.scheduler` (Rocket.Chat's
 * `ISchedulerModify`), scoped to the app: its jobs are in its own queue, and an id can only reach
 * the app's own jobs. The processors are those the app registered in `extendConfiguration`; they
 * run on this host from `start` (the app is enabled) until `stop` (the host closes) or `purge`
 * (the app is uninstalled, which cancels its jobs, as on Rocket.Chat).
 *
 * Ids, as on Rocket.Chat: `scheduleOnce` returns a new job id each time; an app has one recurring
 * schedule per processor (scheduling it again replaces it) whose id stays the same. `cancelJob`
 * takes either id, or a processor id (every pending job of that processor). A processor sees
 * `{ ...data, jobId }` as its job context.
 */
@injectable()
export class AppScheduler implements IPlugboardSchedulerModify {
  readonly keyedJobs = true;
  private readonly processors = new Map<string, IProcessor>();
  private started = false;

  constructor(
    @inject(TOKENS.AppId) private readonly appId: string,
    @inject(TOKENS.HostScheduler) private readonly host: HostScheduler,
    @inject(TOKENS.Logger) private readonly logger: ILogger,
  ) {}

  /** The processors from `configuration.scheduler.registerProcessors`; rejects ones that cannot run. */
  register(processors: readonly IProcessor[]): void {
    for (const processor of processors) {
      if (typeof processor?.id !== 'string' || processor.id === '' || typeof processor.processor !== 'function') {
        throw new HostError('invalid_job', `App "${this.appId}" registers an invalid job processor "${String(processor?.id)}": it needs an id and a processor function`);
      }
      if (this.processors.has(processor.id)) {
        this.logger.warn(`Job processor "${processor.id}" is registered twice: the last one runs`);
      }
      this.processors.set(processor.id, processor);
      // A startup setting is read now, so that a bad one stops the install rather than the first start.
      this.startupJob(processor);
    }
  }

  /** Plugboard: whether this host can run jobs (see `plugboardScheduler`). */
  get runsJobs(): boolean {
    return this.host.runsJobs();
  }

  async scheduleOnce(job: IPlugboardOnetimeSchedule): Promise<string> {
    const processor = this.processorOf(job);
    const key = job.key;
    if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 256)) {
      throw new HostError('invalid_job', `Job "${processor}" of app "${this.appId}": key must be a string of 1 to 256 characters`);
    }
    const spec = { processor, data: jobData(processor, job.data), dueAt: this.read(processor, () => dueTime(job.when)) };
    if (key === undefined) {
      const jobId = randomUUID();
      await this.queue().addOnce({ ...spec, jobId });
      return jobId;
    }
    const jobId = this.fixedJobId('key', processor, key);
    await this.queue().replaceOnce({ ...spec, jobId });
    return jobId;
  }

  async scheduleRecurring(job: IRecurringSchedule): Promise<string> {
    const processor = this.processorOf(job);
    const jobId = this.recurringJobId(processor);
    const repeat = this.read(processor, () => parseRepeat(job.interval));
    await this.queue().upsertRecurring({ jobId, processor, data: jobData(processor, job.data), repeat, skipImmediate: job.skipImmediate === true }, false);
    return jobId;
  }

  async cancelJob(jobId: string): Promise<void> {
    if (typeof jobId !== 'string' || jobId === '') {
      throw new HostError('invalid_job', `App "${this.appId}": cancelJob needs a job id or a processor id`);
    }
    const queue = this.queue();
    const recurring = [...this.processors.keys()].find((processor) => this.recurringJobId(processor) === jobId);
    if (recurring !== undefined) {
      await queue.removeRecurring(recurring);
    } else if (!(await queue.removeOnce(jobId))) {
      // Rocket.Chat: an id that names no job is taken as a processor id.
      await queue.removeProcessor(jobId);
    }
  }

  async cancelAllJobs(): Promise<void> {
    await this.queue().removeAll();
  }

  /** The app is enabled: its startup jobs are scheduled and this host runs its due jobs. */
  async start(accessors: JobAccessors): Promise<void> {
    if (this.processors.size === 0 || this.started) {
      return;
    }
    const queue = this.queue();
    for (const processor of this.processors.values()) {
      const startup = this.startupJob(processor);
      if (startup?.setting.type === StartupType.ONETIME) {
        const { when } = startup.setting;
        await queue.addStartupOnce({ ...startup.job, dueAt: this.read(processor.id, () => dueTime(when)) }, STARTUP_WINDOW_MS);
      } else if (startup?.setting.type === StartupType.RECURRING) {
        const { interval, skipImmediate } = startup.setting;
        await queue.upsertRecurring({ ...startup.job, repeat: this.read(processor.id, () => parseRepeat(interval)), skipImmediate: skipImmediate === true }, true);
      }
    }
    this.started = true;
    await queue.start((job) => this.run(job, accessors));
  }

  /** This host stops running the app's jobs (the host closes); they stay scheduled. */
  async stop(): Promise<void> {
    if (this.started) {
      this.started = false;
      await this.queue().stop();
    }
  }

  /** The app is uninstalled: its jobs are cancelled everywhere (Rocket.Chat's clean-up). */
  async purge(): Promise<void> {
    await this.stop();
    if (this.processors.size > 0) {
      await this.queue().removeAll();
    }
  }

  private async run(job: JobSpec, { read, modify, http, persistence }: JobAccessors): Promise<void> {
    const processor = this.processors.get(job.processor);
    if (!processor) {
      this.logger.error(`Job "${job.jobId}" names the processor "${job.processor}", which this version of the app does not register: it is dropped`);
      return;
    }
    const context: IJobContext = { ...job.data, jobId: job.jobId };
    try {
      await processor.processor(context, read, modify, http, persistence);
    } catch (error) {
      this.logger.error(`Job processor "${job.processor}" failed:`, error);
    }
  }

  private queue(): AppJobQueue {
    return this.host.queue(this.appId);
  }

  /** The processor a schedule names; it must be one the app registered. */
  private processorOf(job: { id?: unknown } | undefined): string {
    const id = job?.id;
    if (typeof id !== 'string' || !this.processors.has(id)) {
      throw new HostError('invalid_job', `App "${this.appId}" has no job processor "${String(id)}" (register it with configuration.scheduler.registerProcessors)`);
    }
    return id;
  }

  /** Runs a time parser; its error becomes an `invalid_job` naming the job. */
  private read<T>(processor: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof JobTimeError) {
        throw new HostError('invalid_job', `Job "${processor}" of app "${this.appId}": ${error.message}`);
      }
      throw error;
    }
  }

  /** The fixed id of the processor's recurring schedule (the same on every host and after restarts). */
  private recurringJobId(processor: string): string {
    return this.fixedJobId('recurring', processor);
  }

  /** An id that every host derives alike from what it names (no `:`, which BullMQ reserves). */
  private fixedJobId(...parts: string[]): string {
    return createHash('sha256').update([this.appId, ...parts].join('\0')).digest('hex').slice(0, 32);
  }

  /** A processor's `startupSetting`, checked, with the job it schedules; `undefined` when it has none. */
  private startupJob(processor: IProcessor): { job: JobSpec; setting: IOnetimeStartup | IRecurringStartup } | undefined {
    const setting = processor.startupSetting;
    if (setting === undefined || setting === null) {
      return undefined;
    }
    const data = jobData(processor.id, setting.data);
    if (setting.type === StartupType.ONETIME) {
      this.read(processor.id, () => dueTime(setting.when));
      return { job: { jobId: randomUUID(), processor: processor.id, data }, setting };
    }
    if (setting.type === StartupType.RECURRING) {
      this.read(processor.id, () => parseRepeat(setting.interval));
      return { job: { jobId: this.recurringJobId(processor.id), processor: processor.id, data }, setting };
    }
    throw new HostError('invalid_job', `Job "${processor.id}" of app "${this.appId}": startupSetting.type must be "onetime" or "recurring"`);
  }
}

/** The app's `data`: a JSON object (copied, so later changes by the app do not reach the job). */
function jobData(processor: string, data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) {
    return {};
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new HostError('invalid_job', `Job "${processor}": data must be an object`);
  }
  try {
    return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  } catch (error) {
    throw new HostError('invalid_job', `Job "${processor}": data must be JSON (${(error as Error).message})`, { cause: error });
  }
}
