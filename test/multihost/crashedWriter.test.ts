import type KeyvRedis from '@keyv/redis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORE_LOCK_TTL_MS } from '../../packages/apps-engine/src/server/persistence/keyv/KeyvPersistenceBridge.ts';
import { refreshLeaseMs } from '../../packages/oauth2/src/refresh/lease.ts';
import { APP_ID, startHarness, type Harness } from '../../packages/oauth2/test/support/harness.ts';
import { redisKeyv, redisOrSkip } from '../support/redis.ts';

/** Found by the refresh chaos test (test/chaos): a SIGKILL inside a token write leaves the store's record lock behind. */
const TIMEOUT_MS = 2_000;

/** The few node-redis commands this test sends itself. */
interface RedisCommands {
  keys(pattern: string): Promise<string[]>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
}

let redis = false;
beforeAll(async () => {
  redis = await redisOrSkip();
});

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a host killed inside a token write', () => {
  it('leaves a store lock that frees before the next refresh lease ends, so the next refresh writes in time and the grant lives', async ({ skip }) => {
    if (!redis) skip();
    const namespace = `pbtest-crashed-writer-${Math.random().toString(36).slice(2)}`;
    const keyv = redisKeyv(namespace);
    harness = await startHarness({
      stores: [keyv, redisKeyv(namespace)],
      siteUrl: 'http://chat.test',
      server: { accessTokenTtlSeconds: 30, rotateRefreshTokens: true, tokenLog: true },
      client: { timeoutMs: TIMEOUT_MS },
    });
    const h = harness;
    await h.connect(h.alice);

    // The token record of alice, and the lock a host SIGKILLed while writing it leaves behind: taken
    // (or last renewed) for the store's lock ttl, never released.
    const client = (await (keyv.store as KeyvRedis<unknown>).getClient()) as unknown as RedisCommands;
    const keys = await client.keys(`${namespace}:*:r:${APP_ID}:*`);
    const values = await Promise.all(keys.map(async (key) => [key, String(await client.get(key))] as const));
    const tokenRecord = values.find(([, value]) => value.includes('"userId\\":\\"u-alice\\"') && value.includes('refreshToken'));
    expect(tokenRecord).toBeDefined();
    const recordId = tokenRecord![0].split(`:r:${APP_ID}:`)[1]!;
    await client.set(`${namespace}:plugboard-lock:${APP_ID}:#record:${recordId}`, 'a-host-that-was-killed', { PX: STORE_LOCK_TTL_MS });
    h.as.resetCounters();

    // Host 0 refreshes: the provider rotates, and the write waits for the dead host's lock. Host 1
    // refreshes once host 0 is done, or once host 0's lease has lapsed if its write is still stuck:
    // it would then present the rotated-out refresh token, and the provider would revoke the grant.
    const first = h.hosts[0]!.client.refreshUserAccessToken(h.alice);
    await Promise.race([first.catch(() => undefined), new Promise((r) => setTimeout(r, refreshLeaseMs(TIMEOUT_MS) + 500))]);
    const second = await h.hosts[1]!.client.refreshUserAccessToken(h.alice);
    expect((await first)?.token).toBeTruthy();

    expect(h.as.tokenLog.filter((r) => r.grantRevoked)).toEqual([]);
    expect(h.as.tokenLog.map((r) => r.refreshTokenRotation)).toEqual([0, 1]);
    expect((await h.as.introspect(second!.token)).active).toBe(true);
  }, 30_000);
});
