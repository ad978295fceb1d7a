// One chat host of the load run (bench/load.ts) in a process of its own: AppHost with the bench app
// and its OAuth client, on the shared Redis namespace, against the authorization server's issuer.
import { subscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { IUser } from '@plugboard/apps-engine';
import { writeFileSync } from 'node:fs';
import { startBenchHost } from './benchHost.ts';
import { startCpuProfile } from './cpuProfile.ts';
import { serveRpc } from './rpc.ts';
import { sharedRedis } from './stores.ts';

const [issuer, namespace, siteUrl] = process.argv.slice(2) as [string, string, string];
const store = sharedRedis(namespace);
const bench = await startBenchHost({ client: { issuer, defaultScopes: ['openid', 'profile'] }, store, siteUrl });

// Where a slow callback waits: the host's own handling (request in, response out) and the token
// requests to the authorization server (undici's request diagnostics channels: created, then
// trailers once the answer's body is read). Not paired per callback: pairing through an
// AsyncLocalStorage turns on promise hooks, which cost this host more than a third of its CPU.
// The event loop's delay and the process's CPU show whether this process was the queue.
const started = new WeakMap<object, number>();
const timings = { callbacks: [] as number[], tokenRequests: [] as number[] };
subscribe('http.server.request.start', (message) => started.set((message as { response: ServerResponse }).response, performance.now()));
subscribe('http.server.response.finish', (message) => {
  const at = started.get((message as { response: ServerResponse }).response);
  if (at !== undefined) timings.callbacks.push(performance.now() - at);
});
subscribe('undici:request:create', (message) => {
  const { request } = message as { request: { method: string } };
  if (request.method === 'POST') started.set(request, performance.now());
});
subscribe('undici:request:trailers', (message) => {
  const at = started.get((message as { request: object }).request);
  if (at !== undefined) timings.tokenRequests.push(performance.now() - at);
});
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let cpuFrom = process.cpuUsage();

serveRpc(bench.url, {
  /** Callback and token request durations (ms) since the last call; event-loop delay p99 (ms); CPU (ms). */
  timings: async () => {
    await profileBetweenTimings();
    const cpu = process.cpuUsage(cpuFrom);
    cpuFrom = process.cpuUsage();
    const taken = { callbacks: timings.callbacks.splice(0), tokenRequests: timings.tokenRequests.splice(0), loopDelayP99Ms: loop.percentile(99) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
    loop.reset();
    return taken;
  },
  /** Adds the user to the directory and starts an authorization: the URL to send the browser to. */
  authorize: async (id: string, username: string) => (await bench.client.getUserAuthorizationUrl(await bench.host.users.add({ id, username }))).href,
  /** How many of these users have a token this host can read. */
  withToken: async (ids: string[]) => {
    let count = 0;
    for (const id of ids) if (await bench.client.getAccessTokenForUser({ id, username: id } as IUser)) count += 1;
    return count;
  },
});

/** LOAD_CPU_PROFILE=<dir>: a V8 CPU profile of this host between two `timings` calls (the loaded part of the run). */
let profiling: Awaited<ReturnType<typeof startCpuProfile>> | undefined;
async function profileBetweenTimings(): Promise<void> {
  const dir = process.env.LOAD_CPU_PROFILE;
  if (!dir) return;
  if (!profiling) {
    profiling = await startCpuProfile(200);
    return;
  }
  writeFileSync(`${dir}/load-host-${process.pid}.cpuprofile`, JSON.stringify(await profiling.stop()));
}
