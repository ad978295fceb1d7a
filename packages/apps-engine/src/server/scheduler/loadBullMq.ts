import type * as BullMq from 'bullmq';
import type * as IORedis from 'ioredis';
import { HostError } from '../errors.ts';
import { loadPeer, requirePeer, type ModuleLoader } from '../peers/loadPeer.ts';

export interface BullMqModules {
  Queue: typeof BullMq.Queue;
  Worker: typeof BullMq.Worker;
  Redis: typeof IORedis.Redis;
}

const INSTALL = 'install bullmq and ioredis to run jobs on Redis (npm install bullmq ioredis)';

/**
 * BullMQ and its Redis client, optional peer dependencies: a host whose jobs run in-process (the
 * memory and SQLite stores) installs neither, and they are loaded only when jobs go to Redis.
 */
export function loadBullMq(load: ModuleLoader = requirePeer): BullMqModules {
  const failures = (module: string) => ({
    missing: () => new HostError('missing_dependency', INSTALL),
    broken: (reason: string, cause: unknown) => new HostError('missing_dependency', `${module} failed to load: ${reason}`, { cause }),
  });
  const bullmq = loadPeer('bullmq', failures('bullmq'), load) as Partial<typeof BullMq>;
  const ioredis = loadPeer('ioredis', failures('ioredis'), load) as Partial<typeof IORedis> & { default?: typeof IORedis.Redis };
  const Redis = ioredis.Redis ?? ioredis.default;
  if (typeof bullmq.Queue !== 'function' || typeof bullmq.Worker !== 'function' || typeof Redis !== 'function') {
    throw new HostError('missing_dependency', `the installed bullmq or ioredis does not export Queue, Worker and Redis: ${INSTALL}`);
  }
  return { Queue: bullmq.Queue, Worker: bullmq.Worker, Redis };
}
