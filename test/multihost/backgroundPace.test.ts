import { App, plugboardAccessors } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { afterEach, describe, expect, it } from 'vitest';
import { Pacer } from '../../packages/oauth2/src/background/pacer.ts';
import { redisKeyv, redisOrSkip } from '../support/redis.ts';

let hosts: AppHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

class Plain extends App {}

const available = await redisOrSkip();

describe('background refresh pace across hosts (issue 15 item 2)', () => {
  it.skipIf(!available)('two hosts on one Redis after a restart: 40 overdue background refreshes of one provider get 40 distinct slots one interval apart, not a storm', async () => {
    const namespace = `pbtest-pace-${Date.now()}`;
    const now = 7_000_000;
    const reservers: Array<() => Promise<number | undefined>> = [];
    for (let i = 0; i < 2; i += 1) {
      const host = new AppHost({ store: redisKeyv(namespace) });
      hosts.push(host);
      const app = await host.install(Plain, { id: 'paced', name: 'Paced', version: '1.0.0' });
      const accessors = plugboardAccessors(app)!;
      const pacer = new Pacer(accessors.locks, () => now);
      reservers.push(() => pacer.reserve(accessors.reader.getPersistenceReader(), accessors.persistence, 'google', 120));
    }
    const slots = await Promise.all(Array.from({ length: 40 }, (_, i) => reservers[i % 2]!()));
    expect([...(slots as number[])].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => now + i * 500));
  });
});
