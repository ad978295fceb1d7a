import { afterEach, describe, expect, it } from 'vitest';
import { RefreshLease, refreshLeaseMs, WRITE_RESERVE_MS } from '../../src/refresh/lease.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { instrumentedBridge } from '../support/instrumentedBridge.ts';
import { startTokenProxy, type TokenProxy } from '../support/tokenProxy.ts';

let harness: Harness | undefined;
let proxy: TokenProxy | undefined;
afterEach(async () => {
  await harness?.close();
  await proxy?.close();
  harness = undefined;
  proxy = undefined;
});

/** One host on an instrumented store, its refreshes through a proxy that notes each answer in the same log. */
async function start() {
  const log: string[] = [];
  const store = instrumentedBridge(log);
  proxy = await startTokenProxy();
  const p = proxy;
  p.log = log;
  harness = await startHarness({
    host: { persistence: store.bridge },
    client: (as) => {
      p.target = as.endpoints.token;
      return { accessTokenUri: p.url, timeoutMs: 2_000 };
    },
  });
  await harness.connect(harness.alice);
  log.length = 0;
  return { h: harness, store, log };
}

describe('the refresh lock lease', () => {
  it.each([100, 1_500, 10_000, 60_000])('is longer than the back-channel deadline (%i ms), with room to write after it', (timeoutMs) => {
    let now = 0;
    const lease = new RefreshLease({ release: async () => {} }, 0, timeoutMs, () => now);
    expect(refreshLeaseMs(timeoutMs)).toBeGreaterThan(timeoutMs);
    expect(lease.requestDeadline()).toBeLessThanOrEqual(timeoutMs);
    // Even a request that starts late ends early enough to leave most of the write reserve.
    now = timeoutMs;
    expect(lease.end - lease.requestDeadline()).toBeGreaterThanOrEqual(timeoutMs + WRITE_RESERVE_MS / 2);
  });

  it('a holder whose lease is lost when the answer arrives writes nothing', async () => {
    const { h, store } = await start();
    const before = await h.client.getAccessTokenForUser(h.alice);
    const refreshed: unknown[] = [];
    h.client.on('accessTokenRefreshed', (e) => refreshed.push(e));
    store.leaseLost = true;
    await expect(h.client.refreshUserAccessToken(h.alice)).rejects.toMatchObject({ code: 'lease_lost' });
    expect(h.as.counters.successfulRefreshGrants).toBe(1); // the provider did answer
    expect(store.log).not.toContain('token-write');
    expect(refreshed).toEqual([]);
    store.leaseLost = false;
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(before?.token);
  });

  it('an answer is written before anything else, and written again while the store is down, within the lease', async () => {
    const { h, store, log } = await start();
    const before = await h.client.getAccessTokenForUser(h.alice);
    store.failNext('token', 3);
    const after = await h.client.refreshUserAccessToken(h.alice);
    expect(after?.token).not.toBe(before?.token);
    const answered = log.indexOf('refresh-answered');
    expect(answered).toBeGreaterThan(0);
    expect(log.slice(0, answered)).toEqual(['status-write']); // "refreshing", before the request
    expect(log.slice(answered + 1, answered + 5)).toEqual(['token-write-failed', 'token-write-failed', 'token-write-failed', 'token-write']);
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(after?.token);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
  });
});
