// Refresh chaos test (issue 15, item 5). Two hosts in child processes share a private Redis; the
// authorization server (@plugboard/testing, oidc-provider) rotates refresh tokens and revokes the
// whole grant when a rotated-out one is presented again. While both hosts storm token reads over
// grants whose access tokens expire every few seconds, the test SIGKILLs hosts (at random moments,
// or the instant one says a refresh answer arrived) and restarts Redis (cleanly, or by SIGKILL).
// Then every grant gets one last refresh, and the provider's token log is read against the kills.
//
//   Alone:        npx vitest run test/chaos
//   With a seed:  CHAOS_SEED=12345 npx vitest run test/chaos     (the seed is printed every run)
//   Longer:       CHAOS_ROUNDS=20 npx vitest run test/chaos
//   Without background refresh on the hosts: CHAOS_BACKGROUND=0
//
// A seed replays the schedule (which host, how each kill is aimed, the delays, the Redis restarts,
// the users each storm reads), not the machine's timing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IUser } from '@plugboard/apps-engine';
import { refreshLeaseMs } from '../../packages/oauth2/src/refresh/lease.ts';
import { startHarness, type Harness } from '../../packages/oauth2/test/support/harness.ts';
import { freePort } from '../support/freePort.ts';
import { redisKeyv, redisServerInstalled, startPrivateRedis, type PrivateRedis } from '../support/redis.ts';
import { ChaosHost } from './hostProcess.ts';
import { chaosReport, formatReport, type FinalState, type Kill, type Outage } from './report.ts';
import { seededRandom } from './seededRandom.ts';

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 8);
/** The hosts run BullMQ on the same Redis, as a deployment does, so background refresh jobs refresh too. */
const BACKGROUND = process.env.CHAOS_BACKGROUND !== '0';
const GRANTS = 16;
/** Access tokens live 4 s and are refreshed in their last second: an expiry every 3 s per grant. */
const ACCESS_TOKEN_TTL_S = 4;
const REFRESH_WINDOW_S = 1;
/**
 * The back-channel deadline; the refresh lock's lease is twice that plus 2 s. Generous, so that a
 * loaded machine's slow answer is not taken for a lost one (a request that timed out after the
 * provider rotated would cost the grant without any kill, and fail this test).
 */
const TIMEOUT_MS = 4_000;
const LEASE_MS = refreshLeaseMs(TIMEOUT_MS);
const SITE = 'http://chat.test';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('refresh chaos: two hosts on Redis, SIGKILLs and Redis restarts during refresh storms', () => {
  it("loses no grant except to a kill between the provider's answer and the write, and makes one token request per grant per expiry otherwise", async ({ skip }) => {
    if (!redisServerInstalled()) {
      if (process.env.CI === 'true') throw new Error('redis-server is required under CI=true for the refresh chaos test');
      console.warn('[skip] redis-server is not installed: the refresh chaos test needs its own Redis to restart');
      skip();
    }
    console.log(`[chaos] seed ${SEED}, ${ROUNDS} rounds (replay: CHAOS_SEED=${SEED} npx vitest run test/chaos)`);
    const random = seededRandom(SEED);
    const between = (min: number, max: number) => Math.floor(min + random() * (max - min));

    // Redis of its own, persisted (an append-only file synced on every write, in a temp folder) as
    // a deployment's is: a restart, clean or a crash, keeps every acknowledged write.
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-chaos-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const redis: PrivateRedis = await startPrivateRedis(await freePort(), dir, { appendOnly: true });
    cleanups.push(() => redis.crash());

    const namespace = `pbchaos-${SEED}`;
    const accounts = Array.from({ length: GRANTS }, (_, i) => ({ id: `chaos-${i}` }));
    const h: Harness = await startHarness({
      stores: [redisKeyv(namespace, redis.url)],
      siteUrl: SITE,
      server: { accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S, rotateRefreshTokens: true, tokenLog: true, accounts },
      client: { timeoutMs: TIMEOUT_MS, refreshWindowSeconds: REFRESH_WINDOW_S },
    });
    cleanups.push(() => h.close());
    const users: IUser[] = [];
    for (const { id } of accounts) {
      const user = await h.host.users.add({ id, username: id });
      expect((await h.connect(user, { account: id })).status).toBe(200);
      users.push(user);
    }
    const grantOf = new Map(h.as.tokenLog.filter((r) => r.grantType === 'authorization_code').map((r) => [String(r.accountId), String(r.grantId)]));
    expect(grantOf.size).toBe(GRANTS);

    const kills: Kill[] = [];
    const env = {
      SITE_URL: SITE,
      REDIS_URL: redis.url,
      NAMESPACE: namespace,
      ISSUER: h.as.issuer,
      AUTH_URI: h.as.endpoints.authorization,
      TOKEN_URI: h.as.endpoints.token,
      REVOCATION_URI: h.as.endpoints.revocation,
      TIMEOUT_MS: String(TIMEOUT_MS),
      REFRESH_WINDOW_SECONDS: String(REFRESH_WINDOW_S),
      USERS: accounts.map((a) => a.id).join(','),
      CHAOS_BACKGROUND: BACKGROUND ? '1' : '0',
    };
    const hosts = [new ChaosHost('A', env, kills), new ChaosHost('B', env, kills)];
    let storming = true;
    cleanups.push(() => {
      storming = false;
      for (const host of hosts) host.stop();
    });
    await Promise.all(hosts.map((host) => host.start()));
    expect(hosts.map((host) => host.background)).toEqual([BACKGROUND, BACKGROUND]);

    // Storms: every few hundred ms each serving host reads the tokens of a few users at once, so
    // both hosts want the same due grants at the same moments.
    const storms = (async () => {
      while (storming) {
        for (const host of hosts) host.storm(Array.from({ length: 6 }, () => accounts[between(0, GRANTS)]!.id));
        await sleep(between(150, 400));
      }
    })();

    let redisRestarts = 0;
    let redisCrashes = 0;
    const outages: Outage[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const victim = hosts[round % 2]!;
      // Most kills fall at random moments; every fifth is aimed at the instant a refresh answer
      // arrived, which is the one window where a kill may cost a grant (it costs each grant whose
      // answer that host had not written yet, so they are kept few and the grants many).
      const aimed = round % 5 === 2;
      const redisAction = (['none', 'restart', 'none', 'crash'] as const)[round % 4]!;
      const redisChaos = (async () => {
        if (redisAction === 'none') return;
        await sleep(between(200, 2_500));
        const from = Date.now();
        if (redisAction === 'crash') {
          await redis.crash();
          redisCrashes += 1;
        } else {
          await redis.stop();
          redisRestarts += 1;
        }
        await sleep(between(0, 400));
        await redis.start();
        outages.push({ from, to: Date.now() });
      })();
      await sleep(between(300, 1_500));
      if (aimed) await victim.killAtNextAnswer(8_000);
      else {
        await sleep(between(0, 2_000));
        victim.kill('random');
      }
      await victim.exited();
      await sleep(between(100, 1_000));
      await redisChaos;
      await victim.start();
    }
    storming = false;
    await storms;
    await sleep(1_000);
    for (const host of hosts) host.kill('end');
    await Promise.all(hosts.map((host) => host.exited()));

    // The last word on every grant: a refresh from the test's own host (after any lease a killed
    // holder left behind has lapsed: the lock waits for it).
    const finalState = new Map<string, FinalState>();
    await Promise.all(
      users.map(async (user) => {
        try {
          const token = await h.client.refreshUserAccessToken(user);
          finalState.set(user.id, token && (await h.as.introspect(token.token)).active ? 'alive' : 'no-token');
        } catch {
          finalState.set(user.id, 'refresh-failed');
        }
      }),
    );

    const report = chaosReport({ log: h.as.tokenLog, grantOf, finalState, kills, leaseMs: LEASE_MS, outages });
    const lines = [
      ...formatReport(report, SEED),
      `background refresh on the hosts (BullMQ on the same Redis): ${BACKGROUND ? 'on' : 'off (CHAOS_BACKGROUND=0)'}`,
      `kills: ${kills.filter((k) => k.mode === 'random').length} random, ${kills.filter((k) => k.mode === 'on-answer').length} on a refresh answer, ${kills.filter((k) => k.mode === 'end').length} at the end; Redis: ${redisRestarts} clean restarts, ${redisCrashes} crashes`,
      `hosts wrote ${hosts.reduce((n, x) => n + x.refreshed, 0)} refreshes; refresh failures seen by hosts: ${JSON.stringify(Object.fromEntries(hosts.flatMap((x) => [...x.failures].map(([code, n]) => [`${x.label}:${code}`, n]))))}`,
      ...hosts.flatMap((x) => x.selfExits.map((e) => `host exited by itself: ${e}`)),
    ];
    console.log(lines.map((l) => `[chaos] ${l}`).join('\n'));

    // The only acceptable loss is a kill between the provider's answer and the write, named above.
    expect(report.lost.filter((l) => l.cause === 'unexplained')).toEqual([]);
    // One token request per grant per expiry, except the one extra per counted loss (the answer
    // that was lost, and the reuse that then revoked the grant).
    expect(report.extraRequests).toEqual([]);
    expect(report.requests).toBe(report.expiries + report.lost.length);
    expect(report.alive.length + report.lost.length).toBe(GRANTS);
    // The hosts survived Redis restarts on their own; and the run did what it says.
    expect(hosts.flatMap((x) => x.selfExits)).toEqual([]);
    expect(kills.filter((k) => k.mode !== 'end').length).toBe(ROUNDS);
    expect(report.perGrant.reduce((n, g) => n + g.successes, 0)).toBeGreaterThan(GRANTS);
  }, 60_000 + ROUNDS * 15_000);
});
