// Full authorization-code flows for many users on two hosts sharing one Redis, against the local
// authorization server: each flow starts on one host and its callback lands on the other. Each host
// and the authorization server run in a process of their own; this process plays the browsers.
// Part of `pnpm bench`; alone: npx tsx bench/load.ts [users] [concurrency]
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { completeConsent } from '@plugboard/testing';
import { APP_ID } from './lib/benchHost.ts';
import { forkRpc, type RpcChild } from './lib/rpc.ts';
import { skipped, type BenchRow } from './lib/rows.ts';
import { fmt, percentile, pool } from './lib/stats.ts';
import { namespaceOf, openStore, REDIS_URL, redisReachable } from './lib/stores.ts';

const SITE_URL = 'http://chat.load.test';
const REDIRECT_URI = `${SITE_URL}/api/apps/public/${APP_ID}/bench-callback`;
const P99_GOAL_MS = 100;
/** Flows run one at a time first: the unloaded callback latency, the row's baseline. */
const ALONE = 30;
const script = (name: string) => fileURLToPath(new URL(`./lib/${name}`, import.meta.url));

interface HostTimings {
  callbacks: number[];
  tokenRequests: number[];
  loopDelayP99Ms: number;
  cpuMs: number;
}

interface ServerTimings {
  tokenMs: number[];
  served: number;
  loopDelayP99Ms: number;
  cpuMs: number;
}

interface Flow {
  ms: number;
  failure?: string;
}

export async function main(users = 1_000, concurrency = 50): Promise<BenchRow[]> {
  const benchmark = `load: ${fmt.int(users)} users, ${concurrency} at a time, 2 hosts (Redis)`;
  if (!(await redisReachable())) return [skipped(benchmark, `Redis unreachable at ${REDIS_URL}`)];
  const store = openStore('redis');
  const children: RpcChild[] = [];
  try {
    const as = await forkRpc(script('loadAuthServer.ts'), [String(users + ALONE), REDIRECT_URI]);
    children.push(as.rpc);
    const issuer = as.ready as string;
    const hosts = await Promise.all([0, 1].map(() => forkRpc(script('loadHost.ts'), [issuer, namespaceOf(store), SITE_URL])));
    children.push(...hosts.map((host) => host.rpc));

    /** Flow `i`: authorize on one host, consent as account `load-i`, callback on the other host. */
    const flow = async (i: number): Promise<Flow> => {
      const [start, finish] = [hosts[i % 2]!, hosts[(i + 1) % 2]!];
      try {
        const url = await start.rpc.call<string>('authorize', `load-user-${i}`, `load${i}`);
        const consent = await completeConsent(url, { account: `load-${i}` });
        const t = performance.now();
        const response = await fetch(`${finish.ready as string}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`);
        await response.arrayBuffer();
        const ms = performance.now() - t;
        return response.status === 200 ? { ms } : { ms, failure: `callback answered ${response.status}` };
      } catch (error) {
        return { ms: Number.NaN, failure: error instanceof Error ? `${error.name}: ${error.message.slice(0, 80)}` : String(error) };
      }
    };

    const alone: Flow[] = [];
    for (let i = 0; i < ALONE; i += 1) alone.push(await flow(users + i));
    // Drop the unloaded flows' timings; count CPU from here.
    await Promise.all([...hosts.map((host) => host.rpc.call('timings')), as.rpc.call('timings')]);
    const cpuFrom = process.cpuUsage();
    const started = performance.now();
    const flows = await pool(users, concurrency, flow);
    const seconds = (performance.now() - started) / 1000;
    const driverCpu = process.cpuUsage(cpuFrom);
    // Other people's work on this machine shows here: the 1-minute load average against the core count.
    const load = `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores at the end`;

    const ids = (host: number) => Array.from({ length: users }, (_, i) => i).filter((i) => (i + 1) % 2 === host).map((i) => `load-user-${i}`);
    const inside = await Promise.all(hosts.map((host) => host.rpc.call<HostTimings>('timings')));
    const server = await as.rpc.call<ServerTimings>('timings');
    const served = inside.flatMap((t) => t.callbacks);
    const tokenRequests = inside.flatMap((t) => t.tokenRequests);
    const perFlow = (ms: number) => `${(ms / users).toFixed(1)} ms`;
    const hostCpu = inside.reduce((sum, t) => sum + t.cpuMs, 0);
    const driverMs = (driverCpu.user + driverCpu.system) / 1000;
    const busyCores = (hostCpu + server.cpuMs + driverMs) / 1000 / seconds;
    const stored = (await Promise.all([0, 1].map((h) => hosts[h]!.rpc.call<number>('withToken', ids(h))))).reduce((a, b) => a + b, 0);
    const counters = await as.rpc.call<{ successfulAuthorizationCodeGrants: number; authorizationCodeGrants: number }>('counters');
    const failures = new Map<string, number>();
    for (const { failure } of [...alone, ...flows]) if (failure) failures.set(failure, (failures.get(failure) ?? 0) + 1);
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    const latencies = flows.filter((f) => !f.failure).map((f) => f.ms);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const aloneP50 = percentile(alone.filter((f) => !f.failure).map((f) => f.ms), 50);
    return [
      {
        benchmark,
        measured: `callback p50 ${fmt.ms(p50)}, p99 ${fmt.ms(p99)}; ${(users / seconds).toFixed(1)} flows/s; ${fmt.int(failed)} failed`,
        baseline: `one flow at a time: callback p50 ${fmt.ms(aloneP50)}`,
        ratio: p99 / aloneP50,
        goalText: `p99 < ${P99_GOAL_MS} ms, 0 failed`,
        result: p99 < P99_GOAL_MS && failed === 0 && stored === users ? 'pass' : 'fail',
        note: `Each host (AppHost + the OAuth client, Redis ${REDIS_URL} namespace shared) and the authorization server (oidc-provider, scope "openid profile", ID token verified) run in a process of their own; this process drives the browsers (consent, then the callback on the other host) and times the callback request. ${fmt.int(users)} flows, ${concurrency} at a time, took ${seconds.toFixed(1)} s; ${fmt.int(stored)} of ${fmt.int(users)} tokens readable afterwards; the server counted ${counters.successfulAuthorizationCodeGrants} successful code exchanges of ${counters.authorizationCodeGrants}. Baseline: ${ALONE} flows one at a time before the load; ratio = p99 under load / that p50. Where the time goes under load (timed inside the hosts): handling p50 ${fmt.ms(percentile(served, 50))}, p99 ${fmt.ms(percentile(served, 99))}; of which the token request to the authorization server p50 ${fmt.ms(percentile(tokenRequests, 50))}, p99 ${fmt.ms(percentile(tokenRequests, 99))} (inside the server, from parsed request to answer: p50 ${fmt.ms(percentile(server.tokenMs, 50))}, p99 ${fmt.ms(percentile(server.tokenMs, 99))}; the rest is waiting for the server's event loop, and the host's). Event-loop delay p99: hosts ${inside.map((t) => fmt.ms(t.loopDelayP99Ms)).join(' / ')}, authorization server ${fmt.ms(server.loopDelayP99Ms)}. CPU per flow: both hosts ${perFlow(hostCpu)}, authorization server ${perFlow(server.cpuMs)} (${fmt.int(server.served)} requests: consent pages and token requests), this driver ${perFlow(driverMs)} (fetch, consent): ${busyCores.toFixed(2)} cores busy with this run on average, of ${cpus().length}. ${concurrency} flows always in flight at ${(users / seconds).toFixed(1)} flows/s is ${fmt.ms((concurrency / (users / seconds)) * 1000)} per flow end to end (Little's law), the callback being one of its ${(server.served / users + 1).toFixed(0)} HTTP requests. Machine: ${load}.${failed > 0 ? ` Failures: ${[...failures].map(([why, n]) => `${n} x ${why}`).join('; ')}.` : ''}`,
      },
    ];
  } finally {
    for (const child of children) child.close();
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await main(Number(process.argv[2] ?? 1_000), Number(process.argv[3] ?? 50));
  for (const row of rows) console.log(`${row.benchmark}\n  ${row.measured}\n  baseline: ${row.baseline}\n  result: ${row.result}\n  ${row.note}`);
  process.exit(rows.every((row) => row.result === 'pass') ? 0 : 1);
}
