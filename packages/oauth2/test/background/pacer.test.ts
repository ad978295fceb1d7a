import Keyv from 'keyv';
import { App, plugboardAccessors } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { afterEach, describe, expect, it } from 'vitest';
import { Pacer } from '../../src/background/pacer.ts';

let hosts: AppHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

class Plain extends App {}

describe('Pacer: background token requests per provider, on one host (two hosts on Redis: test/multihost/backgroundPace.test.ts)', () => {
  it('a restart storm (40 overdue jobs at once) gets 40 distinct slots, one interval apart', async () => {
    const store = new Keyv();
    const now = 5_000_000;
    const pacers: Array<{ pacer: Pacer; app: App }> = [];
    for (let i = 0; i < 1; i += 1) {
      const host = new AppHost({ store });
      hosts.push(host);
      const app = await host.install(Plain, { id: 'paced', name: 'Paced', version: '1.0.0' });
      pacers.push({ pacer: new Pacer(plugboardAccessors(app)!.locks, () => now), app });
    }
    const perMinute = 120; // one every 500 ms
    const slots = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const { pacer, app } = pacers[0]!;
        void i;
        const accessors = plugboardAccessors(app)!;
        return pacer.reserve(accessors.reader.getPersistenceReader(), accessors.persistence, 'google', perMinute);
      }),
    );
    expect(slots.every((slot) => typeof slot === 'number')).toBe(true);
    const sorted = [...(slots as number[])].sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from({ length: 40 }, (_, i) => now + i * 500));
    // Another provider has its own pace.
    const { app } = pacers[0]!;
    const accessors = plugboardAccessors(app)!;
    expect(await pacers[0]!.pacer.reserve(accessors.reader.getPersistenceReader(), accessors.persistence, 'microsoft', perMinute)).toBe(now);
  });
});
