import { beforeAll, describe, expect, it } from 'vitest';
import type Keyv from 'keyv';
import { completeDeviceAuthorization } from '@plugboard/testing';
import { startHarness, type Harness } from '../../packages/oauth2/test/support/harness.ts';
import { EmbeddedDevicePollScheduler, type IAuthData } from '../../packages/oauth2/src/index.ts';
import type { DevicePoller } from '../../packages/oauth2/src/device/devicePoller.ts';
import type { DeviceStore } from '../../packages/oauth2/src/storage/deviceStore.ts';
import { redisKeyv, redisOrSkip } from '../support/redis.ts';

/** Two hosts behind one public URL on one Redis; the device flow's interval is 1 s. */
let redis = false;
beforeAll(async () => {
  redis = await redisOrSkip();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function twoHosts(): Promise<{ h: Harness; calls: Array<IAuthData | undefined>; stores: Keyv[] }> {
  const namespace = `pbtest-${Math.random().toString(36).slice(2)}`;
  const stores = [redisKeyv(namespace), redisKeyv(namespace)];
  const calls: Array<IAuthData | undefined> = [];
  const h = await startHarness({
    stores,
    siteUrl: 'http://chat.test',
    server: { deviceFlow: { intervalSeconds: 1 } },
    // A new scheduler per host (the options factory runs once per install).
    client: () => ({ deviceScheduler: new EmbeddedDevicePollScheduler({ idleScanMs: 100 }), authorizationCallback: (token) => void calls.push(token) }),
  });
  return { h, calls, stores };
}

async function dispose({ h, stores }: { h: Harness; stores: Keyv[] }): Promise<void> {
  await h.close();
  await stores[0]!.clear();
  await Promise.all(stores.map((store) => store.disconnect()));
}

describe('device grant on two hosts sharing Redis', () => {
  it('both hosts watch one device code, yet it is polled once per interval and completed once', async ({ skip }) => {
    if (!redis) skip();
    const run = await twoHosts();
    const { h, calls } = run;
    try {
      const waiting = h.hosts[1]!.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
      const started = await h.hosts[0]!.client.startDeviceAuthorization(h.alice);
      await sleep(4_500);
      const pending = h.as.devicePolls.length;
      expect(pending).toBeGreaterThanOrEqual(2);
      expect(pending).toBeLessThanOrEqual(5);
      await completeDeviceAuthorization(started.verificationUriComplete!);
      const outcome = await waiting;
      expect(outcome.result?.token).toBeTruthy();
      expect((await h.hosts[0]!.client.getAccessTokenForUser(h.alice))?.token).toBe(outcome.result?.token);
      expect(h.as.counters).toMatchObject({ slowDowns: 0, successfulDeviceCodeGrants: 1 });
      expect(calls).toHaveLength(1);
    } finally {
      await dispose(run);
    }
  });

  it('two hosts polling the same due code at the same instant send one request (the store lock)', async ({ skip }) => {
    if (!redis) skip();
    const run = await twoHosts();
    const { h } = run;
    try {
      await h.hosts[0]!.client.startDeviceAuthorization(h.alice);
      const pollers = h.hosts.map((host) => (host.client as unknown as { devicePoller: DevicePoller; devices: DeviceStore }));
      const [pending] = await pollers[0]!.devices.list(h.hosts[0]!.host.accessors('flow-app').read.getPersistenceReader());
      // Stop the hosts' own schedulers from polling: from here the test drives both pollers.
      for (const host of h.hosts) (host.client as unknown as { deviceScheduler: { stop(): void } }).deviceScheduler.stop();
      const before = h.as.devicePolls.length;
      await sleep(Math.max(0, pending!.nextPollAt + 1_100 - Date.now()));
      for (let round = 0; round < 3; round += 1) {
        await Promise.all(pollers.map((poller) => poller.devicePoller.pollOne(pending!.id)));
        await sleep(1_050);
      }
      expect(h.as.devicePolls.length - before).toBe(3);
      expect(h.as.counters.slowDowns).toBe(0);
    } finally {
      await dispose(run);
    }
  });

  it('when the host that started it stops, the other one finishes it', async ({ skip }) => {
    if (!redis) skip();
    const run = await twoHosts();
    const { h, calls } = run;
    try {
      const started = await h.hosts[0]!.client.startDeviceAuthorization(h.alice);
      while (!h.as.devicePolls.some((poll) => poll.outcome === 'authorization_pending')) await sleep(50);
      await h.hosts[0]!.host.close();
      const waiting = h.hosts[1]!.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
      await completeDeviceAuthorization(started.verificationUriComplete!);
      expect((await waiting).result?.token).toBeTruthy();
      expect(h.as.counters).toMatchObject({ slowDowns: 0, successfulDeviceCodeGrants: 1 });
      expect(calls).toHaveLength(1);
    } finally {
      await dispose(run);
    }
  });
});
