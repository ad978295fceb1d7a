import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, test } from 'vitest';
import { plugboardScheduler, StartupType } from '../src/definition/index.ts';
import type { AppHost, AppHostOptions } from '../src/server/index.ts';
import { info } from './support/apps.ts';
import { startHost } from './support/host.ts';
import { jobsApp, runsOf, scheduler, until, type Run } from './support/jobs.ts';
import { hasRedisServer, REDIS_URL, redisAvailable, redisKeyv, startPrivateRedis, uniqueNamespace } from './support/redis.ts';
import { schedulerSuite, type Deployment } from './support/schedulerSuite.ts';

const available = await redisAvailable();

/** A deployment on the shared Redis: the store under a namespace, BullMQ under a prefix of its own. */
function redisDeployment(): Deployment {
  const namespace = uniqueNamespace('scheduler');
  const connections: Array<{ dispose(): Promise<void> }> = [];
  return {
    hostOptions: (): AppHostOptions => {
      const connection = redisKeyv(namespace);
      connections.push(connection);
      return { store: connection.keyv, scheduler: { redis: REDIS_URL, prefix: namespace } };
    },
    dispose: async () => {
      await Promise.all(connections.map((connection) => connection.dispose()));
      await deleteKeys(`${namespace}:*`);
    },
  };
}

async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    await redis.quit();
  }
}

schedulerSuite('BullMQ on Redis', redisDeployment, { skip: !available });

describe.skipIf(!available)('scheduler: two hosts on one Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function twoHosts(App: ReturnType<typeof jobsApp>): Promise<[AppHost, AppHost]> {
    const deployment = redisDeployment();
    cleanups.push(() => deployment.dispose());
    const hosts: AppHost[] = [];
    for (let n = 0; n < 2; n += 1) {
      const { host } = await startHost(deployment.hostOptions());
      cleanups.push(() => host.close());
      await host.install(App, info('jobs'));
      hosts.push(host);
    }
    return hosts as [AppHost, AppHost];
  }

  test('each due job runs exactly once, whichever host scheduled it', async () => {
    const runs: Run[] = [];
    const [first, second] = await twoHosts(jobsApp(runs, [{ id: 'work' }]));
    const due = new Date(Date.now() + 500);
    const ids: string[] = [];
    for (let n = 0; n < 20; n += 1) {
      ids.push((await scheduler(n % 2 === 0 ? first : second, 'jobs').scheduleOnce({ id: 'work', when: due, data: { n } })) as string);
    }
    await until('20 runs', () => runs.length >= 20);
    await sleep(1000);
    expect(runs).toHaveLength(20);
    expect(new Set(runs.map((run) => run.context['jobId']))).toEqual(new Set(ids));
  });

  test('a keyed job scheduled by both hosts runs once', async () => {
    const runs: Run[] = [];
    const [first, second] = await twoHosts(jobsApp(runs, [{ id: 'refresh' }]));
    const when = new Date(Date.now() + 400);
    const ids = await Promise.all([first, second, first, second].map((host, n) => plugboardScheduler(scheduler(host, 'jobs'))?.scheduleOnce({ id: 'refresh', key: 'grant', when, data: { n } })));
    expect(new Set(ids).size).toBe(1);
    await until('the keyed job ran', () => runs.length >= 1);
    await sleep(1000);
    expect(runs).toHaveLength(1);
  });

  test('a startup one-time job runs once for the deployment, not once per host; a startup recurring schedule is not restarted by the second host', async () => {
    const runs: Run[] = [];
    await twoHosts(
      jobsApp(runs, [
        { id: 'setup', startupSetting: { type: StartupType.ONETIME, when: new Date() } },
        { id: 'nightly', startupSetting: { type: StartupType.RECURRING, interval: '0 3 * * *' } },
        { id: 'sync', startupSetting: { type: StartupType.RECURRING, interval: '1 hour' } },
      ]),
    );
    await until('the startup jobs ran', () => runs.length >= 2);
    await sleep(1500);
    expect(runsOf(runs, 'setup')).toHaveLength(1);
    expect(runsOf(runs, 'sync')).toHaveLength(1); // at once, when the first host enabled the app
    expect(runsOf(runs, 'nightly')).toHaveLength(0); // a cron schedule waits for its time
  });
});

describe.skipIf(!available || !hasRedisServer())('scheduler: Redis goes away and comes back', () => {
  test('scheduling fails promptly while Redis is down; once it is back, workers pick up new jobs', async () => {
    const redis = await startPrivateRedis();
    const runs: Run[] = [];
    const { host } = await startHost({ scheduler: { redis: redis.url, prefix: 'outage' } });
    try {
      await host.install(jobsApp(runs, [{ id: 'work' }]), info('jobs'));
      const jobs = scheduler(host, 'jobs');
      await jobs.scheduleOnce({ id: 'work', when: new Date(), data: { n: 1 } });
      await until('the first job ran', () => runs.length === 1);

      await redis.stop();
      const started = Date.now();
      await expect(jobs.scheduleOnce({ id: 'work', when: new Date(), data: { n: 2 } })).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);

      await redis.start(); // an empty Redis: what was scheduled there is gone (no persistence configured)
      await until('a job scheduled after the restart ran', async () => {
        await jobs.scheduleOnce({ id: 'work', when: new Date(), data: { n: 3 } }).catch(() => undefined);
        return runs.some((run) => run.context['n'] === 3);
      }, 20_000);
    } finally {
      await host.close();
      await redis.stop();
    }
  });
});

describe.skipIf(!available)('scheduler: a host dies while it runs a job', () => {
  test('another host runs the job again (BullMQ’s stalled-job check), once', async () => {
    const prefix = uniqueNamespace('scheduler-crash');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/jobHost.ts')], {
      env: { ...process.env, REDIS_URL, PREFIX: prefix, LOCK_MS: '1000' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    const runs: Run[] = [];
    let survivor: AppHost | undefined;
    try {
      await until('the child host is ready', () => lines.includes('ready'), 30_000);
      child.stdin.write('schedule\n');
      await until('the child started the job', () => lines.some((line) => line.startsWith('started ')), 15_000);
      const jobId = lines.find((line) => line.startsWith('scheduled '))?.slice('scheduled '.length);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      ({ host: survivor } = await startHost({ scheduler: { redis: REDIS_URL, prefix, lockDurationMs: 1000 } }));
      await survivor.install(jobsApp(runs, [{ id: 'slow' }]), info('jobs'));
      await until('the surviving host ran the job', () => runs.length === 1, 20_000);
      expect(runs[0]?.context).toEqual({ n: 1, jobId });
      await sleep(2500);
      expect(runs).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
      await survivor?.close();
      await deleteKeys(`${prefix}:*`);
    }
  });
});
