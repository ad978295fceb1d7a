import type { IUser } from '@plugboard/apps-engine';
import { completeConsent, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { CLIENT_ID, CLIENT_SECRET, startBenchHost, type BenchHost } from './lib/benchHost.ts';
import { skipped, type BenchRow } from './lib/rows.ts';
import { alternate, fmt, median, pairedRatio, ratioSpread, timeMs } from './lib/stats.ts';
import { namespaceOf, openStore, sharedRedis, unavailable } from './lib/stores.ts';

const CALLERS = [1, 10, 100, 1_000];
const ROUNDS = 6; // round 0 is warm-up
const SITE_URL = 'http://chat.bench.test';
const ACCESS_TOKEN_TTL_SECONDS = 120;
const REFRESH_WINDOW_SECONDS = 3_600; // larger than the lifetime: every read finds the token due
const GOAL_TEXT = 'refresh requests = 1';

/**
 * N concurrent `getAccessTokenForUser` calls on a token that is due for refresh, on one host and on
 * two hosts sharing one Redis (same siteUrl, same namespace): how many refresh requests reach the
 * authorization server (its own counters; goal 1) and the wall time against one lone refresh.
 */
export async function main(): Promise<BenchRow[]> {
  const reason = await unavailable('redis');
  if (reason) return [skipped('refresh storm', reason)];
  const store = openStore('redis');
  const second = sharedRedis(namespaceOf(store));
  const as = await startAuthorizationServer({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS });
  const client = { issuer: as.issuer, defaultScopes: ['read'], refreshWindowSeconds: REFRESH_WINDOW_SECONDS };
  const alice = { id: 'u-alice', username: 'alice' } as IUser;
  const hosts = [await startBenchHost({ client, store: store.keyv, siteUrl: SITE_URL, users: [alice] }), await startBenchHost({ client, store: second, siteUrl: SITE_URL })];
  try {
    await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${SITE_URL}/api/apps/public/bench-app/bench-callback`] });
    await connect(hosts[0]!, alice);
    const rows: BenchRow[] = [];
    for (const hostCount of [1, 2]) {
      for (const callers of CALLERS) rows.push(await storm(as, hosts.slice(0, hostCount), alice, callers));
    }
    return rows;
  } finally {
    for (const host of hosts) await host.close();
    await as.close();
    await second.disconnect().catch(() => {});
    await store.close();
  }
}

async function connect(bench: BenchHost, user: IUser): Promise<void> {
  const consent = await completeConsent(await bench.client.getUserAuthorizationUrl(user), { account: user.username });
  const response = await fetch(`${bench.url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the callback answered ${response.status}`);
}

async function storm(as: AuthorizationServer, hosts: BenchHost[], user: IUser, callers: number): Promise<BenchRow> {
  const benchmark = `refresh storm: ${fmt.int(callers)} caller${callers === 1 ? '' : 's'}, ${hosts.length} host${hosts.length === 1 ? '' : 's'} (Redis)`;
  const refreshCounts: number[] = [];
  const distinctTokens: number[] = [];
  let failed = 0;
  const samples = await alternate(ROUNDS, {
    single: () => timeMs(() => hosts[0]!.client.getAccessTokenForUser(user)),
    storm: async () => {
      const before = as.counters.refreshGrants;
      const tokens = new Set<string>();
      const wall = await timeMs(() =>
        Promise.all(
          Array.from({ length: callers }, async (_, i) => {
            const token = await hosts[i % hosts.length]!.client.getAccessTokenForUser(user).catch(() => undefined);
            if (token) tokens.add(token.token);
            else failed += 1;
          }),
        ),
      );
      refreshCounts.push(as.counters.refreshGrants - before);
      distinctTokens.push(tokens.size);
      return wall;
    },
  });
  const worst = Math.max(...refreshCounts);
  const single = median(samples.single.slice(1));
  const wall = median(samples.storm.slice(1));
  return {
    benchmark,
    measured: `${worst} refresh request${worst === 1 ? '' : 's'} per storm (max of ${ROUNDS}); wall ${fmt.ms(wall)}`,
    baseline: `one lone refresh ${fmt.ms(single)}`,
    ratio: pairedRatio(samples.storm, samples.single),
    goalText: GOAL_TEXT,
    result: worst === 1 && failed === 0 ? 'pass' : 'fail',
    note: `${callers === 1 && hosts.length === 1 ? `Refresh storm rows: ratio = storm wall time / lone refresh wall time in the same round (a lone refresh = one getAccessTokenForUser on host 1). Access token lifetime ${ACCESS_TOKEN_TTL_SECONDS} s, refresh window ${REFRESH_WINDOW_SECONDS} s, rotating refresh tokens; callers spread round-robin over the hosts (1 caller on 2 hosts = host 1 only). ` : ''}Refresh requests counted by the authorization server per storm: ${refreshCounts.join('/')}; distinct tokens the callers got per storm: ${distinctTokens.join('/')}; callers without a token: ${failed}; wall-time ${ratioSpread(samples.storm, samples.single)}.`,
  };
}
