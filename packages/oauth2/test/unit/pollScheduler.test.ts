import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedDevicePollScheduler } from '../../src/device/pollScheduler.ts';
import { ConfigurationError } from '../../src/errors.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let scheduler: EmbeddedDevicePollScheduler | undefined;
afterEach(() => scheduler?.stop());

describe('EmbeddedDevicePollScheduler', () => {
  it('runs at start, then when the run says, then at least every idle scan, one run at a time', async () => {
    const runs: number[] = [];
    let inFlight = 0;
    let overlapped = false;
    const started = Date.now();
    scheduler = new EmbeddedDevicePollScheduler({ idleScanMs: 300 });
    scheduler.start(async () => {
      inFlight += 1;
      overlapped ||= inFlight > 1;
      runs.push(Date.now() - started);
      await sleep(20);
      inFlight -= 1;
      return runs.length === 1 ? Date.now() + 100 : undefined;
    });
    for (let waited = 0; runs.length < 3 && waited < 10_000; waited += 50) await sleep(50);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs[0]).toBeLessThan(1_000);
    // The second run waited for the time the first one named; the third for the idle scan.
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(100);
    expect(runs[2]! - runs[1]!).toBeGreaterThanOrEqual(300);
    expect(overlapped).toBe(false);
  });

  it('wake brings the next run forward; stop ends all runs', async () => {
    let runs = 0;
    scheduler = new EmbeddedDevicePollScheduler({ idleScanMs: 10_000 });
    scheduler.start(async () => {
      runs += 1;
      return undefined;
    });
    await sleep(50);
    expect(runs).toBe(1);
    scheduler.wake(Date.now() + 50);
    for (let waited = 0; runs < 2 && waited < 5_000; waited += 25) await sleep(25);
    expect(runs).toBe(2);
    scheduler.stop();
    scheduler.wake(Date.now());
    await sleep(100);
    expect(runs).toBe(2);
  });

  it('never spins on a poll that stays due (held by another host)', async () => {
    let runs = 0;
    scheduler = new EmbeddedDevicePollScheduler({ idleScanMs: 10_000 });
    scheduler.start(async () => {
      runs += 1;
      return Date.now() - 1_000;
    });
    await sleep(300);
    expect(runs).toBeLessThanOrEqual(7);
  });

  it('drives one client only', () => {
    scheduler = new EmbeddedDevicePollScheduler();
    scheduler.start(async () => undefined);
    expect(() => scheduler!.start(async () => undefined)).toThrow(ConfigurationError);
  });
});
