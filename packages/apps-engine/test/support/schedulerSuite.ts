import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { plugboardScheduler, StartupType } from '../../src/definition/index.ts';
import type { AppHost, AppHostOptions, LogEntry } from '../../src/server/index.ts';
import { info } from './apps.ts';
import { startHost } from './host.ts';
import { jobsApp, runsOf, scheduler, until, type Run } from './jobs.ts';

/** Storage that outlives hosts: each `host()` is a new host on it (a restart, or another host of the deployment). */
export interface Deployment {
  hostOptions(): AppHostOptions;
  dispose(): Promise<void>;
}

/**
 * The scheduler's behaviour, run against each backend (in-process over the store, BullMQ on Redis).
 * Times are short and deadlines generous; nothing asserts how fast a job ran.
 */
export function schedulerSuite(label: string, newDeployment: () => Deployment, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip === true)(`scheduler: ${label}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        await cleanup();
      }
    });

    /** A deployment whose hosts close (and whose storage is cleared) after the test. */
    function deployment() {
      const made = newDeployment();
      cleanups.push(() => made.dispose());
      return {
        host: async (): Promise<{ host: AppHost; logs: LogEntry[] }> => {
          const running = await startHost(made.hostOptions());
          cleanups.push(() => running.host.close());
          return running;
        },
      };
    }

    test('a one-time job runs once, with its data and id as the job context, on its app’s accessors', async () => {
      const runs: Run[] = [];
      const { host } = await deployment().host();
      await host.install(jobsApp(runs, [{ id: 'remind' }]), info('jobs'));

      const jobId = await scheduler(host, 'jobs').scheduleOnce({ id: 'remind', when: new Date(Date.now() + 200), data: { roomId: 'r1', jobId: 'not-this-one' } });
      expect(jobId).toEqual(expect.any(String));
      await until('the job ran', () => runs.length === 1);
      expect(runs[0]).toEqual({ processor: 'remind', context: { roomId: 'r1', jobId }, appUser: 'app-jobs.bot' });

      await sleep(500);
      expect(runs).toHaveLength(1);
    });

    test('a recurring job runs again and again until cancelJob(its id); scheduling it again keeps one schedule and its id', async () => {
      const runs: Run[] = [];
      const { host } = await deployment().host();
      await host.install(jobsApp(runs, [{ id: 'poll' }]), info('jobs'));
      const jobs = scheduler(host, 'jobs');

      const first = await jobs.scheduleRecurring({ id: 'poll', interval: 300, data: { round: 1 } });
      const again = await jobs.scheduleRecurring({ id: 'poll', interval: 300, data: { round: 2 } });
      expect(again).toBe(first);
      await until('three runs', () => runsOf(runs, 'poll').length >= 3);
      expect(runs.every((run) => run.context['jobId'] === first)).toBe(true);
      expect(runs.at(-1)?.context['round']).toBe(2);

      await jobs.cancelJob(first as string);
      await sleep(400); // a run already under way may finish
      const after = runs.length;
      await sleep(900);
      expect(runs.length).toBe(after);
    });

    test('cancelJob(a one-time job id), cancelJob(a processor id) and cancelAllJobs remove pending jobs', async () => {
      const runs: Run[] = [];
      const { host } = await deployment().host();
      await host.install(jobsApp(runs, [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'marker' }]), info('jobs'));
      const jobs = scheduler(host, 'jobs');
      const soon = () => new Date(Date.now() + 700);

      const single = await jobs.scheduleOnce({ id: 'a', when: soon() });
      await jobs.scheduleOnce({ id: 'a', when: soon(), data: { kept: true } });
      await jobs.cancelJob(single as string);
      await jobs.scheduleOnce({ id: 'b', when: soon() });
      await jobs.scheduleOnce({ id: 'b', when: soon() });
      await jobs.scheduleRecurring({ id: 'b', interval: '1 second', skipImmediate: true });
      await jobs.cancelJob('b');
      await jobs.scheduleOnce({ id: 'marker', when: new Date(Date.now() + 1500) });
      await until('the kept job and the marker ran', () => runs.length >= 2);
      expect(runs.map((run) => [run.processor, run.context['kept']])).toEqual([['a', true], ['marker', undefined]]);

      await jobs.scheduleOnce({ id: 'c', when: soon() });
      await jobs.scheduleRecurring({ id: 'c', interval: 300 });
      await jobs.cancelAllJobs();
      await sleep(300);
      const after = runs.length;
      await sleep(1200);
      expect(runs.length).toBe(after);
    });

    test('startup jobs are scheduled when the app is enabled: a one-time one runs once, a recurring one repeats', async () => {
      const runs: Run[] = [];
      const { host } = await deployment().host();
      await host.install(
        jobsApp(runs, [
          { id: 'setup', startupSetting: { type: StartupType.ONETIME, when: '1 second', data: { from: 'startup' } } },
          { id: 'sync', startupSetting: { type: StartupType.RECURRING, interval: 300 } },
        ]),
        info('jobs'),
      );
      await until('the startup jobs ran', () => runsOf(runs, 'setup').length === 1 && runsOf(runs, 'sync').length >= 3);
      expect(runsOf(runs, 'setup')[0]?.context).toEqual({ from: 'startup', jobId: expect.any(String) });
      await sleep(500);
      expect(runsOf(runs, 'setup')).toHaveLength(1);
    });

    test('jobs outlive their host: one due while no host ran is run by the next host on the same storage', async () => {
      const runs: Run[] = [];
      const App = jobsApp(runs, [{ id: 'later' }, { id: 'tick' }]);
      const shared = deployment();
      const first = await shared.host();
      await first.host.install(App, info('jobs'));
      const jobId = await scheduler(first.host, 'jobs').scheduleOnce({ id: 'later', when: 'in 1 second', data: { n: 1 } });
      await scheduler(first.host, 'jobs').scheduleRecurring({ id: 'tick', interval: '10 minutes', skipImmediate: true });
      await first.host.close();

      await sleep(1200); // due while no host runs
      expect(runs).toHaveLength(0);
      const second = await shared.host();
      await second.host.install(App, info('jobs'));
      await until('the restarted host ran the job', () => runs.length === 1);
      expect(runs[0]?.context).toEqual({ n: 1, jobId });
      await sleep(300);
      expect(runsOf(runs, 'tick')).toHaveLength(0); // the recurring schedule kept its time across the restart
    });

    test('keyed one-time jobs (Plugboard): one pending per key, the same id; rescheduled from inside its run, it runs again after', async () => {
      const runs: Run[] = [];
      const { host } = await deployment().host();
      await host.install(
        jobsApp(runs, [
          {
            id: 'refresh',
            then: async (context, modify) => {
              if (context['v'] === 2) {
                await plugboardScheduler(modify.getScheduler())?.scheduleOnce({ id: 'refresh', key: 'grant-1', when: new Date(Date.now() + 200), data: { grant: 1, v: 3 } });
              }
            },
          },
        ]),
        info('jobs'),
      );
      const jobs = plugboardScheduler(scheduler(host, 'jobs'));
      if (!jobs) throw new Error('no keyed jobs on this host');

      const first = await jobs.scheduleOnce({ id: 'refresh', key: 'grant-1', when: new Date(Date.now() + 3000), data: { grant: 1, v: 1 } });
      const replaced = await jobs.scheduleOnce({ id: 'refresh', key: 'grant-1', when: new Date(Date.now() + 300), data: { grant: 1, v: 2 } });
      expect(replaced).toBe(first);
      await jobs.scheduleOnce({ id: 'refresh', key: 'grant-2', when: new Date(Date.now() + 300), data: { grant: 2, v: 1 } });
      const cancelled = await jobs.scheduleOnce({ id: 'refresh', key: 'grant-3', when: new Date(Date.now() + 500), data: { grant: 3, v: 1 } });
      await jobs.cancelJob(cancelled);

      await until('grant 1 ran twice and grant 2 once', () => runs.length >= 3);
      await sleep(3200); // past the replaced job's time
      const byGrant = (grant: number) => runs.filter((run) => run.context['grant'] === grant).map((run) => run.context['v']);
      expect(byGrant(1)).toEqual([2, 3]);
      expect(byGrant(2)).toEqual([1]);
      expect(byGrant(3)).toEqual([]);
      expect(runs.filter((run) => run.context['grant'] === 1).every((run) => run.context['jobId'] === first)).toBe(true);
    });

    test('a failing processor is logged under its app, and the scheduler goes on', async () => {
      const runs: Run[] = [];
      const { host, logs } = await deployment().host();
      await host.install(jobsApp(runs, [{ id: 'flaky', fail: (context) => context['fail'] === true }, { id: 'steady' }]), info('jobs'));
      const jobs = scheduler(host, 'jobs');

      await jobs.scheduleOnce({ id: 'flaky', when: new Date(), data: { fail: true } });
      await until('the failure was logged', () => logs.some((entry) => entry.level === 'error' && entry.message.includes('processor flaky failed on purpose')));
      expect(logs.find((entry) => entry.message.includes('failed on purpose'))).toMatchObject({ appId: 'jobs', message: expect.stringContaining('Job processor "flaky" failed') });

      await jobs.scheduleOnce({ id: 'flaky', when: new Date(), data: { fail: false } });
      await jobs.scheduleOnce({ id: 'steady', when: new Date() });
      await until('later jobs ran', () => runs.length === 3);
    });

    test('uninstalling the app cancels its jobs', async () => {
      const runs: Run[] = [];
      const App = jobsApp(runs, [{ id: 'later' }]);
      const { host } = await deployment().host();
      await host.install(App, info('jobs'));
      await scheduler(host, 'jobs').scheduleOnce({ id: 'later', when: new Date(Date.now() + 600) });
      await host.uninstall('jobs');
      await host.install(App, info('jobs'));
      await sleep(1200);
      expect(runs).toHaveLength(0);
    });
  });
}
