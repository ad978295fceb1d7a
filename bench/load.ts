// Manual load run, not part of `pnpm bench` or CI:  npx tsx bench/load.ts [users] [concurrency]
// Full authorization-code flows for many users on two hosts sharing one Redis, against the local
// authorization server: each flow starts on one host and its callback lands on the other.
import { performance } from 'node:perf_hooks';
import type { IUser } from '@plugboard/apps-engine';
import { completeConsent, startAuthorizationServer } from '@plugboard/testing';
import { CLIENT_ID, CLIENT_SECRET, startBenchHost } from './lib/benchHost.ts';
import { fmt, percentile, pool } from './lib/stats.ts';
import { namespaceOf, openStore, REDIS_URL, redisReachable, sharedRedis } from './lib/stores.ts';

const USERS = Number(process.argv[2] ?? 1_000);
const CONCURRENCY = Number(process.argv[3] ?? 50);
const SITE_URL = 'http://chat.load.test';

if (!(await redisReachable())) {
  console.error(`Redis unreachable at ${REDIS_URL}: the load run needs it (set REDIS_URL).`);
  process.exit(1);
}

const store = openStore('redis');
const second = sharedRedis(namespaceOf(store));
const accounts = Array.from({ length: USERS }, (_, i) => ({ id: `load-${i}` }));
const as = await startAuthorizationServer({ accounts });
const client = { issuer: as.issuer, defaultScopes: ['openid', 'profile'] };
const hosts = [await startBenchHost({ client, store: store.keyv, siteUrl: SITE_URL }), await startBenchHost({ client, store: second, siteUrl: SITE_URL })];
await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${SITE_URL}/api/apps/public/bench-app/bench-callback`] });

const latencies: number[] = [];
const failures = new Map<string, number>();
const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);
const users: IUser[] = [];

const started = performance.now();
await pool(USERS, CONCURRENCY, async (i) => {
  const start = hosts[i % 2]!;
  const finish = hosts[(i + 1) % 2]!;
  try {
    const user = await start.host.users.add({ id: `load-user-${i}`, username: `load${i}` });
    users[i] = user;
    const consent = await completeConsent(await start.client.getUserAuthorizationUrl(user), { account: `load-${i}` });
    const t = performance.now();
    const response = await fetch(`${finish.url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`);
    await response.arrayBuffer();
    latencies.push(performance.now() - t);
    if (response.status !== 200) fail(`callback answered ${response.status}`);
  } catch (error) {
    fail(error instanceof Error ? `${error.name}: ${error.message.slice(0, 80)}` : String(error));
  }
});
const seconds = (performance.now() - started) / 1000;

let stored = 0;
await pool(USERS, CONCURRENCY, async (i) => {
  const user = users[i];
  if (user && (await hosts[i % 2]!.client.getAccessTokenForUser(user))) stored += 1;
});
const failed = [...failures.values()].reduce((a, b) => a + b, 0);
const counters = as.counters;

console.log(`Load: ${fmt.int(USERS)} users, ${CONCURRENCY} at a time, 2 hosts sharing Redis (${REDIS_URL}), local oidc-provider, scope "openid profile" (ID token verified)`);
console.log('');
console.log('| completed | failed | tokens stored | callback p50 | callback p99 | flows/s | wall |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
console.log(`| ${fmt.int(USERS - failed)} | ${fmt.int(failed)} | ${fmt.int(stored)} | ${fmt.ms(percentile(latencies, 50))} | ${fmt.ms(percentile(latencies, 99))} | ${(USERS / seconds).toFixed(1)} | ${seconds.toFixed(1)} s |`);
console.log('');
console.log(`Authorization server: ${counters.successfulAuthorizationCodeGrants} successful code exchanges of ${counters.authorizationCodeGrants} attempted; ${counters.refreshGrants} refreshes.`);
for (const [why, count] of failures) console.log(`failure x${count}: ${why}`);

for (const host of hosts) await host.close();
await as.close();
await second.disconnect().catch(() => {});
await store.close();
process.exit(failed === 0 && stored === USERS ? 0 : 1);
