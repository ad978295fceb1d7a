import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '@plugboard/apps-engine/server';
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
async function start(logs: LogEntry[] = []) {
  const log: string[] = [];
  const store = instrumentedBridge(log);
  proxy = await startTokenProxy();
  const p = proxy;
  p.log = log;
  harness = await startHarness({
    host: { persistence: store.bridge, logger: (entry) => void logs.push(entry) },
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

  it('a release that fails after the answer was written still gives the caller the new token, and is logged without it', async () => {
    const logs: LogEntry[] = [];
    const { h, store, log } = await start(logs);
    const before = await h.client.getAccessTokenForUser(h.alice);
    const refreshed: unknown[] = [];
    h.client.on('accessTokenRefreshed', (e) => refreshed.push(e));
    store.releaseFails = true;
    const after = await h.client.refreshUserAccessToken(h.alice);
    expect(after?.token).toBeDefined();
    expect(after?.token).not.toBe(before?.token);
    expect(h.as.counters.successfulRefreshGrants).toBe(1);
    // The answer was written, then the release failed: that order is what the caller must survive.
    expect(log.indexOf('token-write')).toBeGreaterThan(log.indexOf('refresh-answered'));
    expect(log.indexOf('lock-release-failed')).toBeGreaterThan(log.indexOf('token-write'));
    expect(refreshed).toHaveLength(1);
    store.releaseFails = false;
    const stored = await h.client.getAccessTokenForUser(h.alice);
    expect(stored?.token).toBe(after?.token);
    expect(stored?.refreshToken).toBe(after?.refreshToken);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
    const lines = logs.map((l) => l.message);
    const line = lines.find((m) => m.includes('releasing the refresh lock'));
    expect(line).toContain('PersistenceError [store_failed]');
    expect(line).toContain(h.alice.id);
    const secrets = [before?.token, before?.refreshToken, after?.token, after?.refreshToken].filter((s): s is string => typeof s === 'string' && s.length > 0);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    for (const secret of secrets) expect(lines.join('\n')).not.toContain(secret);
  });
});
