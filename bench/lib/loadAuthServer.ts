// The authorization server of the load run (bench/load.ts) in a process of its own. It reports how
// long it took to answer token requests once it had parsed them, its event loop's delay and its CPU,
// so the run can tell its queue from the hosts'.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startAuthorizationServer } from '@plugboard/testing';
import { CLIENT_ID, CLIENT_SECRET } from './benchHost.ts';
import { serveRpc } from './rpc.ts';

const [users, redirectUri] = [Number(process.argv[2]), process.argv[3] as string];
const tokenMs: number[] = [];
let served = 0;
const as = await startAuthorizationServer({
  accounts: Array.from({ length: users }, (_, i) => ({ id: `load-${i}` })),
  onRequest: ({ method, url, durationMs }) => {
    served += 1;
    if (method === 'POST' && url.includes('/token')) tokenMs.push(durationMs);
  },
});
await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [redirectUri] });
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let cpuFrom = process.cpuUsage();

serveRpc(as.issuer, {
  counters: async () => ({ ...as.counters }),
  /** Token request durations inside the server (ms), requests served, event-loop delay p99 (ms), CPU (ms), since the last call. */
  timings: async () => {
    const cpu = process.cpuUsage(cpuFrom);
    cpuFrom = process.cpuUsage();
    const taken = { tokenMs: tokenMs.splice(0), served, loopDelayP99Ms: loop.percentile(99) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
    served = 0;
    loop.reset();
    return taken;
  },
});
