import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import { afterAll, expect, test } from 'vitest';
import { info } from './support/apps.ts';
import { startHost } from './support/host.ts';
import { jobsApp, scheduler, until, type Run } from './support/jobs.ts';
import { schedulerSuite } from './support/schedulerSuite.ts';
import { STOP_WAIT_MS } from '../src/server/scheduler/InProcessBackend.ts';

// One process is the whole deployment: a Keyv the hosts are given outlives each of them.
schedulerSuite('in-process over the store', () => {
  const keyv = new Keyv();
  return { hostOptions: () => ({ store: keyv }), dispose: async () => keyv.clear() };
});

const dir = await mkdtemp(join(tmpdir(), 'plugboard-scheduler-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

test('on a SQLite store, a job scheduled before the process stopped runs in the next one', async () => {
  const runs: Run[] = [];
  const App = jobsApp(runs, [{ id: 'later' }]);
  const store = `sqlite://${join(dir, 'host.sqlite')}`;
  const first = await startHost({ store });
  await first.host.install(App, info('jobs'));
  const jobId = await scheduler(first.host, 'jobs').scheduleOnce({ id: 'later', when: 'in 1 second', data: { from: 'before' } });
  await first.host.close();

  const second = await startHost({ store });
  try {
    await second.host.install(App, info('jobs'));
    await until('the job ran after the restart', () => runs.length === 1);
    expect(runs[0]?.context).toEqual({ from: 'before', jobId });
  } finally {
    await second.host.close();
  }
});

test('a processor that never finishes does not hold up the host’s close for more than the stop bound', async () => {
  const runs: Run[] = [];
  const running = await startHost({});
  await running.host.install(jobsApp(runs, [{ id: 'hang', then: () => new Promise(() => undefined) }]), info('jobs'));
  await scheduler(running.host, 'jobs').scheduleOnce({ id: 'hang', when: new Date() });
  await until('the job started', () => runs.length === 1);
  const started = Date.now();
  await running.host.close();
  expect(Date.now() - started).toBeLessThan(STOP_WAIT_MS + 5_000);
}, STOP_WAIT_MS + 20_000);
