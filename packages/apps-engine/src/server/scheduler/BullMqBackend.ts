import type { Job, JobsOptions, Queue, RepeatOptions, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ModuleLoader } from '../peers/loadPeer.ts';
import { settledWithin, STOP_WAIT_MS } from './InProcessBackend.ts';
import type { AppJobQueue, BackendErrorLog, JobBackend, JobRunner, JobSpec, OnceSpec, RecurringSpec } from './JobBackend.ts';
import { loadBullMq, type BullMqModules } from './loadBullMq.ts';
import { sameSchedule } from './sameSchedule.ts';

export interface BullMqBackendOptions {
  /** A Redis URL or ioredis options. */
  redis: string | Record<string, unknown>;
  /** Prefix of every BullMQ key; the hosts of one deployment use the same. */
  prefix: string;
  /** Jobs of one app one host runs at the same time. */
  concurrency: number;
  /** How long a host holds a running job; a job whose host died runs again on another host within about twice this. */
  lockDurationMs: number;
}

/** What a BullMQ job carries: the id the app was given, and the app's data. */
interface Payload {
  jobId: string;
  data: Record<string, unknown>;
}

/** Done jobs leave Redis at once (nothing reads them back); failures are in the app's log. */
const DONE: JobsOptions = { removeOnComplete: true, removeOnFail: true, attempts: 1 };
const PENDING = ['delayed', 'waiting', 'prioritized'] as const;

/**
 * Jobs on BullMQ, for deployments of several hosts sharing Redis. Each app has a queue
 * (`<prefix>:app.<appId>`); each host that enables the app runs a Worker on it, so a due job is
 * taken by exactly one host, and a host that is not running (or has not enabled the app) takes
 * none. One-time jobs are delayed jobs under the id the app was given; a recurring job is a job
 * scheduler per processor. A job whose host dies mid-run is run again once on another host (BullMQ's
 * stalled-job check): at least once, and once per due time while hosts stay up.
 */
export class BullMqBackend implements JobBackend {
  private readonly modules: BullMqModules;
  /** Commands from apps' calls: they fail while Redis is away rather than queue up. */
  private readonly producer: Redis;
  /** Workers' connection (BullMQ duplicates it for each blocking read); waits out a Redis restart. */
  private readonly consumer: Redis;
  private readonly queues = new Map<string, BullMqQueue>();

  constructor(
    private readonly options: BullMqBackendOptions,
    private readonly logError: BackendErrorLog,
    load?: ModuleLoader,
  ) {
    this.modules = loadBullMq(load);
    this.producer = this.connect({ enableOfflineQueue: false });
    this.consumer = this.connect({ maxRetriesPerRequest: null });
  }

  queue(appId: string): AppJobQueue {
    let queue = this.queues.get(appId);
    if (!queue) {
      const bull = new this.modules.Queue<Payload>(`app.${appId}`, { connection: this.producer, prefix: this.options.prefix, defaultJobOptions: DONE });
      bull.on('error', (error) => this.logError(`Job queue of app "${appId}" failed:`, error));
      queue = new BullMqQueue(bull, (run) => this.worker(appId, run), this.logError);
      this.queues.set(appId, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    await Promise.all([this.producer.quit(), this.consumer.quit()].map((quit) => quit.catch(() => undefined)));
  }

  private worker(appId: string, run: JobRunner): Worker<Payload> {
    const worker = new this.modules.Worker<Payload>(
      `app.${appId}`,
      async (job: Job<Payload>) => run({ jobId: job.data.jobId, processor: job.name, data: job.data.data }),
      {
        connection: this.consumer,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockDurationMs,
        // A dead host's job is found by this check once its lock has lapsed (BullMQ's default is 30 s).
        stalledInterval: this.options.lockDurationMs,
      },
    );
    worker.on('error', (error) => this.logError(`Job worker of app "${appId}" failed:`, error));
    return worker;
  }

  private connect(overrides: Record<string, unknown>): Redis {
    const { Redis: Client } = this.modules;
    const { redis } = this.options;
    const client = typeof redis === 'string' ? new Client(redis, overrides) : new Client({ ...redis, ...overrides });
    // Without a listener ioredis prints each reconnect failure itself; BullMQ reports through its own events.
    client.on('error', () => undefined);
    return client;
  }
}

class BullMqQueue implements AppJobQueue {
  private worker: Worker<Payload> | undefined;

  constructor(
    private readonly queue: Queue<Payload>,
    private readonly createWorker: (run: JobRunner) => Worker<Payload>,
    private readonly logError: BackendErrorLog,
  ) {}

  async addOnce(job: OnceSpec): Promise<void> {
    await this.queue.add(job.processor, payload(job), { jobId: job.jobId, delay: delayUntil(job.dueAt) });
  }

  async replaceOnce(job: OnceSpec): Promise<void> {
    // BullMQ's deduplication by the fixed id: `replace` swaps a delayed job for this one; `keepLastIfActive`
    // holds this one back while the previous runs, and adds it when that run ends.
    await this.queue.add(job.processor, payload(job), { delay: delayUntil(job.dueAt), deduplication: { id: job.jobId, replace: true, keepLastIfActive: true } });
  }

  async addStartupOnce(job: OnceSpec, windowMs: number): Promise<void> {
    const delay = delayUntil(job.dueAt);
    // BullMQ's deduplication (throttle mode): adds with this id within the ttl are ignored, even after the job ran.
    await this.queue.add(job.processor, payload(job), { jobId: job.jobId, delay, deduplication: { id: `startup.${encodeURIComponent(job.processor)}`, ttl: delay + windowMs } });
  }

  async upsertRecurring(job: RecurringSpec, keepSame: boolean): Promise<void> {
    const id = schedulerId(job.processor);
    if (keepSame) {
      const current = await this.queue.getJobScheduler(id);
      if (current && sameSchedule({ repeat: current.every ? { every: current.every } : current.pattern ? { cron: current.pattern } : undefined, data: current.template?.data?.data }, job)) {
        return;
      }
    }
    let repeat: Omit<RepeatOptions, 'key'>;
    if ('every' in job.repeat) {
      // An `every` scheduler runs its first job at once, or at `startDate`.
      repeat = job.skipImmediate ? { every: job.repeat.every, startDate: Date.now() + job.repeat.every } : { every: job.repeat.every };
    } else {
      // As on Rocket.Chat, a cron job first runs at the pattern's next time.
      repeat = { pattern: job.repeat.cron };
    }
    await this.queue.upsertJobScheduler(id, repeat, { name: job.processor, data: payload(job), opts: { removeOnComplete: true, removeOnFail: true } });
  }

  async removeOnce(jobId: string): Promise<boolean> {
    // A keyed job's BullMQ id changes with each replacement; its deduplication id is the app's id.
    const job = (await this.queue.getJob(jobId)) ?? (await this.keyedJob(jobId));
    if (!job || job.repeatJobKey) {
      return false;
    }
    return this.remove(job);
  }

  async removeRecurring(processor: string): Promise<boolean> {
    return this.queue.removeJobScheduler(schedulerId(processor));
  }

  async removeProcessor(processor: string): Promise<void> {
    await this.removeRecurring(processor);
    const pending = await this.queue.getJobs([...PENDING]);
    await Promise.all(pending.filter((job) => job.name === processor && !job.repeatJobKey).map((job) => this.remove(job)));
  }

  async removeAll(): Promise<void> {
    const schedulers = await this.queue.getJobSchedulers();
    await Promise.all(schedulers.map((scheduler) => this.queue.removeJobScheduler(scheduler.key)));
    await this.queue.drain(true);
  }

  async start(run: JobRunner): Promise<void> {
    if (!this.worker) {
      this.worker = this.createWorker(run);
      await this.worker.waitUntilReady();
    }
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    // Runs under way finish; a processor that hangs past the bound no longer holds up the host's
    // close (it keeps its job's lock while this process lives).
    await settledWithin(worker?.close() ?? Promise.resolve(), STOP_WAIT_MS);
  }

  async close(): Promise<void> {
    await this.stop().catch((error: unknown) => this.logError('Closing a job worker failed:', error));
    await this.queue.close().catch((error: unknown) => this.logError('Closing a job queue failed:', error));
  }

  private async keyedJob(jobId: string): Promise<Job<Payload> | undefined> {
    const current = await this.queue.getDeduplicationJobId(jobId);
    return current ? this.queue.getJob(current) : undefined;
  }

  /** `false` when the job could not be removed: it is running (it finishes) or already gone. */
  private async remove(job: Job<Payload>): Promise<boolean> {
    try {
      await job.remove();
      return true;
    } catch {
      return false;
    }
  }
}

function payload(job: JobSpec): Payload {
  return { jobId: job.jobId, data: job.data };
}

function delayUntil(dueAt: number): number {
  return Math.max(0, dueAt - Date.now());
}

/** BullMQ builds job ids as `repeat:<scheduler>:<time>`: a `:` in a processor id must not reach it. */
function schedulerId(processor: string): string {
  return encodeURIComponent(processor);
}
