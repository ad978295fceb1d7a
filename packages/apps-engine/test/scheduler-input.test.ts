import { afterEach, describe, expect, test } from 'vitest';
import { plugboardScheduler, StartupType, type IProcessor } from '../src/definition/index.ts';
import type { AppHost } from '../src/server/index.ts';
import { dueTime, parseRepeat } from '../src/server/scheduler/jobTimes.ts';
import { loadBullMq } from '../src/server/scheduler/loadBullMq.ts';
import { info } from './support/apps.ts';
import { startHost } from './support/host.ts';
import { jobsApp, scheduler, type Run } from './support/jobs.ts';
import { redisAvailable, redisKeyv, uniqueNamespace } from './support/redis.ts';

const available = await redisAvailable();

const NOW = Date.parse('2030-01-01T12:00:00Z');

describe('job times', () => {
  test.each([
    ['in 5 minutes', NOW + 300_000],
    ['5 minutes from now', NOW + 300_000],
    ['20 seconds', NOW + 20_000],
    ['1 hour and 30 minutes', NOW + 5_400_000],
    ['three minutes', NOW + 180_000],
    ['now', NOW],
    ['2030-02-01T08:00:00Z', Date.parse('2030-02-01T08:00:00Z')],
  ])('when %j is due at a known time', (when, expected) => {
    expect(dueTime(when, NOW)).toBe(expected);
  });

  test('when: a Date as it is; "tomorrow" is after now', () => {
    expect(dueTime(new Date(NOW + 1), NOW)).toBe(NOW + 1);
    expect(dueTime('tomorrow at noon', NOW)).toBeGreaterThan(NOW);
  });

  test.each(['whenever', 'every 5 minutes', '', '5', 42, null, new Date(Number.NaN)])('when %j is refused', (when) => {
    expect(() => dueTime(when, NOW)).toThrow();
  });

  test.each([
    [5000, { every: 5000 }],
    ['10 seconds', { every: 10_000 }],
    ['1 hour', { every: 3_600_000 }],
    ['*/5 * * * *', { cron: '*/5 * * * *' }],
    ['*/10 * * * * *', { cron: '*/10 * * * * *' }],
    ['0 9 * * MON-FRI', { cron: '0 9 * * MON-FRI' }],
    ['@hourly', { cron: '@hourly' }],
  ])('interval %j', (interval, expected) => {
    expect(parseRepeat(interval)).toEqual(expected);
  });

  test.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, '5', '5000', 'sometimes', '61 * * * *', '* * *', '', {}])('interval %j is refused', (interval) => {
    expect(() => parseRepeat(interval)).toThrow();
  });
});

describe('scheduler input', () => {
  const hosts: AppHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });

  async function host(options = {}): Promise<AppHost> {
    const { host } = await startHost(options);
    hosts.push(host);
    return host;
  }

  test('bad schedules are refused with an error naming the app and the job', async () => {
    const runs: Run[] = [];
    const running = await host();
    await running.install(jobsApp(runs, [{ id: 'remind' }]), info('jobs'));
    const jobs = scheduler(running, 'jobs');

    await expect(jobs.scheduleOnce({ id: 'nope', when: 'in 1 minute' })).rejects.toMatchObject({
      code: 'invalid_job',
      message: 'App "jobs" has no job processor "nope" (register it with configuration.scheduler.registerProcessors)',
    });
    await expect(jobs.scheduleOnce({ id: 'remind', when: 'whenever' })).rejects.toMatchObject({
      code: 'invalid_job',
      message: expect.stringMatching(/^Job "remind" of app "jobs": cannot tell when "whenever" is/),
    });
    await expect(jobs.scheduleRecurring({ id: 'remind', interval: 'every now and then' })).rejects.toMatchObject({ code: 'invalid_job', message: expect.stringContaining('Job "remind" of app "jobs": cannot read the interval') });
    await expect(jobs.scheduleRecurring({ id: 'remind', interval: '61 * * * *' })).rejects.toMatchObject({ code: 'invalid_job', message: expect.stringContaining('is not a valid cron pattern') });
    await expect(jobs.scheduleOnce({ id: 'remind', when: new Date(), data: 'text' as unknown as object })).rejects.toMatchObject({ code: 'invalid_job', message: 'Job "remind": data must be an object' });
    await expect(jobs.cancelJob('')).rejects.toMatchObject({ code: 'invalid_job' });
    expect(plugboardScheduler(jobs)?.runsJobs).toBe(true); // in-process, over the host's store
    await expect(plugboardScheduler(jobs)?.scheduleOnce({ id: 'remind', when: 'now', key: '' })).rejects.toMatchObject({ code: 'invalid_job', message: 'Job "remind" of app "jobs": key must be a string of 1 to 256 characters' });
    expect(runs).toHaveLength(0);
  });

  test.each<[string, IProcessor[], string]>([
    ['a startup time nothing reads', [{ id: 'setup', startupSetting: { type: StartupType.ONETIME, when: 'soonish' }, processor: async () => {} }], 'Job "setup" of app "jobs": cannot tell when "soonish" is'],
    ['a startup interval nothing reads', [{ id: 'sync', startupSetting: { type: StartupType.RECURRING, interval: 'often' }, processor: async () => {} }], 'Job "sync" of app "jobs": cannot read the interval "often"'],
    ['an unknown startup type', [{ id: 'x', startupSetting: { type: 'weekly' } as never, processor: async () => {} }], 'startupSetting.type must be "onetime" or "recurring"'],
    ['a processor without a function', [{ id: 'x' } as IProcessor], 'registers an invalid job processor "x"'],
  ])('%s stops the install with a clear error; nothing stays installed', async (_name, processors, message) => {
    const running = await host();
    class Bad extends jobsApp([], []) {
      protected override async extendConfiguration(configuration: Parameters<InstanceType<ReturnType<typeof jobsApp>>['extendConfiguration']>[0]): Promise<void> {
        await configuration.scheduler.registerProcessors(processors);
      }
    }
    await expect(running.install(Bad, info('jobs'))).rejects.toMatchObject({ code: 'app_install_failed', message: expect.stringContaining(message) });
    expect(running.apps()).toEqual([]);
  });

  test.skipIf(!available)('a store shared with other hosts (a Keyv on Redis) and no Redis for BullMQ: an app with jobs cannot go live, and the error says what to set', async () => {
    const connection = redisKeyv(uniqueNamespace('scheduler-shared'));
    try {
      const running = await host({ store: connection.keyv });
      await running.install(jobsApp([], []), info('plain'));
      // Feature detection says so up front: library code then registers no processors of its own.
      expect(plugboardScheduler(running.accessors('plain').modify.getScheduler())).toBeUndefined();
      await expect(running.install(jobsApp([], [{ id: 'remind' }]), info('jobs'))).rejects.toMatchObject({
        code: 'app_install_failed',
        message: expect.stringContaining('This host shares its store with other hosts: jobs need BullMQ on Redis, set `scheduler: { redis: <url> }`'),
      });
      expect(running.apps().map((app) => app.id)).toEqual(['plain']);
    } finally {
      await connection.dispose();
    }
  });

  test('without bullmq or ioredis installed, the error says what to install', () => {
    const nowhere = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => loadBullMq(nowhere)).toThrow(expect.objectContaining({ code: 'missing_dependency', message: 'install bullmq and ioredis to run jobs on Redis (npm install bullmq ioredis)' }));
  });
});
