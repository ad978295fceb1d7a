import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../packages/oauth2/test/support/harness.ts';
import { REDIS_URL, redisKeyv, redisOrSkip } from '../support/redis.ts';

/**
 * Issue 15 item 2 on a real deployment: two hosts sharing one Redis (store, locks, BullMQ jobs),
 * the real authorization server rotating refresh tokens that die after IDLE seconds unused and
 * revoking the whole grant on reuse. Background refresh keeps the idle grant alive, once per grant:
 * no rotation is ever presented twice (which would kill it), whichever host runs the job.
 */
const IDLE_SECONDS = 4;
const SITE = 'https://chat.example.test';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const available = await redisOrSkip();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background refresh across two hosts on Redis (BullMQ)', () => {
  it.skipIf(!available)('an idle grant outlives its idle limit; every refresh presents the newest rotation exactly once', async () => {
    const namespace = `pbtest-bg-${Date.now()}`;
    harness = await startHarness({
      stores: [redisKeyv(namespace), redisKeyv(namespace)],
      siteUrl: SITE,
      host: { scheduler: { redis: REDIS_URL, prefix: namespace } },
      server: { refreshTokenTtlSeconds: IDLE_SECONDS, rotateRefreshTokens: true, accessTokenTtlSeconds: 3600, tokenLog: true },
      client: { backgroundRefresh: { refreshTokenIdleSeconds: IDLE_SECONDS, jitter: 0 } },
    });
    const h = harness;
    expect(h.hosts.map((host) => host.client.background.active)).toEqual([true, true]);
    await h.connect(h.alice, { via: 0, finishVia: 1 });
    await sleep(IDLE_SECONDS * 2_500);

    const refreshes = h.as.tokenLog.filter((r) => r.grantType === 'refresh_token');
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(refreshes.every((r) => r.status === 200 && !r.grantRevoked)).toBe(true);
    const rotations = refreshes.map((r) => r.refreshTokenRotation);
    expect(rotations).toEqual(rotations.map((_, i) => i)); // 0, 1, 2...: each presented once, in order
    // Both hosts see a live grant.
    expect(await h.hosts[1]!.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
    await expect(h.hosts[1]!.client.refreshUserAccessToken(h.alice)).resolves.toMatchObject({ token: expect.any(String) });
  });
});
