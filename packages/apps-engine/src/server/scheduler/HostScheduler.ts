import type Keyv from 'keyv';
import { HostError } from '../errors.ts';
import { InProcessLockBridge } from '../locks/InProcessLockBridge.ts';
import type { ModuleLoader } from '../peers/loadPeer.ts';
import type { IPersistenceBridge } from '../persistence/IPersistenceBridge.ts';
import { BullMqBackend } from './BullMqBackend.ts';
import { InProcessBackend } from './InProcessBackend.ts';
import type { AppJobQueue, BackendErrorLog, JobBackend } from './JobBackend.ts';

/** Where a host's jobs run (`AppHostOptions.scheduler`). */
export interface SchedulerOptions {
  /**
   * Run jobs on BullMQ on this Redis (a `redis://` / `rediss://` URL, or ioredis options): for
   * deployments of several hosts. Default: the store's URL when `store` is a Redis location; else
   * jobs run in this process over the host's store. BullMQ and ioredis are optional peer
   * dependencies, loaded only here (npm install bullmq ioredis).
   */
  redis?: string | Record<string, unknown>;
  /** Prefix of BullMQ's keys; every host of a deployment uses the same. Default `plugboard`. */
  prefix?: string;
  /** Jobs of one app one host runs at a time on BullMQ. Default 4. */
  concurrency?: number;
  /** BullMQ's lock on a running job (and its stalled-job check interval); a job whose host died runs again elsewhere within about twice this. Default 30 000. */
  lockDurationMs?: number;
}

export interface HostSchedulerConfig {
  options: SchedulerOptions | undefined;
  store: Keyv | string | undefined;
  bridge: IPersistenceBridge;
  logError: BackendErrorLog;
  /** How optional peers are loaded (tests pass a stand-in). */
  load?: ModuleLoader;
}

/**
 * The host's job backend, made on first use (a host whose apps schedule nothing loads nothing and
 * opens no connection): BullMQ when there is a Redis to run it on, else in-process over the store.
 * A store that other hosts share (a Keyv on Redis, a host-written bridge with shared locks) without
 * a Redis for BullMQ is refused: each host would run every recurring job.
 */
export class HostScheduler {
  private backend: JobBackend | undefined;
  private closed = false;

  constructor(private readonly config: HostSchedulerConfig) {}

  queue(appId: string): AppJobQueue {
    if (this.closed) {
      throw new HostError('host_closed', 'The host is closed');
    }
    this.backend ??= this.createBackend();
    return this.backend.queue(appId);
  }

  /**
   * Whether this host can run jobs at all: the backend is made now (loading BullMQ where it runs
   * jobs) and `false` comes back where that fails (a store shared with other hosts and no Redis for
   * BullMQ, BullMQ not installed). Library code asks before it registers processors of its own, so
   * that an app does not fail to install over background work it can do without.
   */
  runsJobs(): boolean {
    if (this.closed) return false;
    try {
      this.backend ??= this.createBackend();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.backend?.close();
  }

  private createBackend(): JobBackend {
    const { options = {}, store, bridge, logError, load } = this.config;
    const redis = options.redis ?? (typeof store === 'string' && /^rediss?:\/\//i.test(store) ? store : undefined);
    if (redis !== undefined) {
      return new BullMqBackend(
        { redis, prefix: options.prefix ?? 'plugboard', concurrency: options.concurrency ?? 4, lockDurationMs: options.lockDurationMs ?? 30_000 },
        logError,
        load,
      );
    }
    if (bridge.locks !== undefined && !(bridge.locks instanceof InProcessLockBridge)) {
      throw new HostError('not_supported', 'This host shares its store with other hosts: jobs need BullMQ on Redis, set `scheduler: { redis: <url> }` (npm install bullmq ioredis)');
    }
    return new InProcessBackend(bridge, logError);
  }
}
