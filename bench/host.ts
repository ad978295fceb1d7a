import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { keepAliveAgent, runLoad } from './lib/httpLoad.ts';
import { atLeast, type BenchRow } from './lib/rows.ts';
import { alternate, fmt, median } from './lib/stats.ts';

const ROUNDS = 9; // round 0 is warm-up
const ROUND_MS = 1_000;
const CONCURRENCY = 16;
const GOAL = atLeast(0.5);
const SERVER = fileURLToPath(new URL('./lib/hostBenchServer.ts', import.meta.url));

/**
 * Requests per second to a trivial app endpoint through AppHost (routing, body handling, the
 * handler, response encoding) vs a bare `node:http` server sending the same bytes. Each server runs
 * in its own child process; one client (keep-alive agent, fixed concurrency) drives both, in
 * alternating rounds of the same length.
 */
export async function main(): Promise<BenchRow[]> {
  const host = await startServer('host');
  const bare = await startServer('bare');
  const agents = { host: keepAliveAgent(CONCURRENCY), bare: keepAliveAgent(CONCURRENCY) };
  let failures = 0;
  const cpuPerRequest: Record<'host' | 'bare', number[]> = { host: [], bare: [] };
  const rps = async (kind: 'host' | 'bare', server: Server) => {
    const before = await cpuMicros(server.child);
    const result = await runLoad(server.url, agents[kind], CONCURRENCY, ROUND_MS);
    cpuPerRequest[kind].push(((await cpuMicros(server.child)) - before) / result.requests);
    failures += result.failures;
    return result.requestsPerSecond;
  };
  try {
    const samples = await alternate(ROUNDS, { host: () => rps('host', host), bare: () => rps('bare', bare) });
    const ours = median(samples.host.slice(1));
    const baseline = median(samples.bare.slice(1));
    const hostCpu = median(cpuPerRequest.host.slice(1));
    const bareCpu = median(cpuPerRequest.bare.slice(1));
    if (failures > 0) throw new Error(`${failures} requests failed`);
    return [
      {
        benchmark: 'host request throughput',
        measured: `${fmt.int(ours)} req/s`,
        baseline: `bare node:http ${fmt.int(baseline)} req/s`,
        ratio: ours / baseline,
        goal: GOAL,
        note: `GET of a trivial endpoint, keep-alive, ${CONCURRENCY} concurrent, ${ROUNDS - 1} alternating rounds of ${ROUND_MS} ms after a warm-up; servers in child processes. Server CPU per request: host ${fmt.us(hostCpu)}, bare ${fmt.us(bareCpu)} (bare/host ${fmt.ratio(bareCpu / hostCpu)}). Rounds (req/s): host ${samples.host.map(Math.round).join('/')}, bare ${samples.bare.map(Math.round).join('/')}.`,
      },
    ];
  } finally {
    agents.host.destroy();
    agents.bare.destroy();
    host.child.kill();
    bare.child.kill();
  }
}

interface Server {
  url: string;
  child: ChildProcess;
}

function cpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve((message as { cpuMicros: number }).cpuMicros));
    child.send('cpu');
  });
}

async function startServer(kind: 'host' | 'bare'): Promise<Server> {
  // The parent runs under tsx; the child inherits its loader flags to run TypeScript too.
  const child = fork(SERVER, [kind], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${kind} bench server exited with ${code}`)));
  });
  return { url, child };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [row] = await main();
  console.log(row);
  console.log(`host/bare throughput ratio: ${row?.ratio?.toFixed(2)} (goal >= ${GOAL.value})`);
  process.exit(0);
}
