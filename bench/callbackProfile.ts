import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BETWEEN, type ChildMessage, type ParentMessage, type ProfileRound, type Side } from './lib/callbackProfileChild.ts';
import { CALLBACK_STAGES } from './lib/internals.ts';
import { type BenchRow } from './lib/rows.ts';
import { fmt, median } from './lib/stats.ts';
import { unavailable, type StoreKind } from './lib/stores.ts';
import { startCannedTokenEndpoint } from './lib/tokenEndpoint.ts';

const ROUNDS = 6;
const WARM_UP = 2;
const CALLBACKS = 300;
const TOP_FRAMES = 4;
const CHILD = fileURLToPath(new URL('./lib/callbackProfileChild.ts', import.meta.url));
const OUT = fileURLToPath(new URL('./results/callback-profile.md', import.meta.url));
const NAMES: Record<StoreKind, string> = { memory: 'memory', sqlite: 'SQLite', redis: 'Redis' };

interface Profiled {
  kind: StoreKind;
  /** CPU µs per callback per stage, the median over the timed rounds, per side. */
  perCallback: Record<Side, Record<string, number>>;
  frames: Record<string, Record<string, number>>;
  /** Total CPU µs per callback of each timed round, per side. */
  totals: Record<Side, number[]>;
}

/**
 * Where the CPU of one callback goes. Our host and the hand-written handler each run in a child
 * process of their own, profiled with V8's sampling profiler (100 µs) while this process sends them
 * callbacks one at a time (the canned token endpoint runs here, so its CPU is not in the figures).
 * One callback at a time lets every sample be attributed to the stage running when it was taken:
 * the stages are marked by wrapping the client's objects and by the HTTP server's diagnostics
 * channels. Writes bench/results/callback-profile.md.
 */
export async function main(): Promise<BenchRow[]> {
  const results: Profiled[] = [];
  const rows: BenchRow[] = [];
  for (const kind of (process.env.PROFILE_STORES?.split(',') ?? ['memory', 'redis']) as StoreKind[]) {
    const reason = await unavailable(kind);
    if (reason) continue;
    const result = await profile(kind);
    results.push(result);
    const ours = median(result.totals.ours);
    const base = median(result.totals.baseline);
    rows.push({
      benchmark: `callback CPU, one at a time (${NAMES[kind]})`,
      measured: `${fmt.us(ours)}/callback`,
      baseline: `hand-written ${fmt.us(base)}`,
      ratio: base / ours,
      result: 'info',
      note: `CPU of the serving process per callback, sampled by V8's profiler, callbacks sent one at a time, ${ROUNDS - WARM_UP} rounds of ${CALLBACKS} after ${WARM_UP} warm-up rounds; ratio = hand-written CPU / our CPU; the split by stage is in bench/results/callback-profile.md. Per-round totals (µs): ours ${result.totals.ours.map(Math.round).join('/')}, hand-written ${result.totals.baseline.map(Math.round).join('/')}.`,
    });
  }
  writeFileSync(OUT, render(results));
  return rows;
}

async function profile(kind: StoreKind): Promise<Profiled> {
  const endpoint = await startCannedTokenEndpoint();
  const children = { ours: await start('ours', kind, endpoint.tokenUrl), baseline: await start('baseline', kind, endpoint.tokenUrl) };
  const perRound: Record<Side, Record<string, number[]>> = { ours: {}, baseline: {} };
  const frames: Record<string, Record<string, number>> = {};
  const totals: Record<Side, number[]> = { ours: [], baseline: [] };
  let counted = 0;
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of ['ours', 'baseline'] as const) {
        const child = children[side];
        const { urls } = (await ask(child, { type: 'prepare', count: CALLBACKS })) as { urls: string[] };
        await ask(child, { type: 'start' });
        for (const url of urls) {
          const response = await fetch(url);
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${side} callback answered ${response.status}`);
        }
        const { round: result } = (await ask(child, { type: 'stop' })) as { round: ProfileRound };
        if (round < WARM_UP) continue;
        totals[side].push(result.cpuTotalUs / result.callbacks);
        for (const [stage, us] of Object.entries(result.busyUs)) (perRound[side][stage] ??= []).push(us / result.callbacks);
        if (side === 'ours') {
          counted += result.callbacks;
          for (const [stage, byFrame] of Object.entries(result.frames)) {
            const into = (frames[stage] ??= {});
            for (const [frame, us] of Object.entries(byFrame)) into[frame] = (into[frame] ?? 0) + us;
          }
        }
      }
    }
  } finally {
    children.ours.kill();
    children.baseline.kill();
    await endpoint.close();
  }
  const perCallback = (side: Side) => Object.fromEntries(Object.entries(perRound[side]).map(([stage, us]) => [stage, median(us)]));
  const perFrame = Object.fromEntries(Object.entries(frames).map(([stage, byFrame]) => [stage, Object.fromEntries(Object.entries(byFrame).map(([frame, us]) => [frame, us / counted]))]));
  return { kind, perCallback: { ours: perCallback('ours'), baseline: perCallback('baseline') }, frames: perFrame, totals };
}

function render(results: Profiled[]): string {
  const lines = [
    '# Where a callback spends its CPU',
    '',
    `Written by \`pnpm bench\` (bench/callbackProfile.ts) on ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores at the end (other work on the machine inflates every busy figure, ours and the hand-written handler's alike). The benchmark's OAuth client stores the token at the callback (binding confirmation off). Each side runs in a child process of its own, profiled by V8's sampling profiler (100 µs) while callbacks are sent one at a time: ${ROUNDS - WARM_UP} rounds of ${CALLBACKS} callbacks after ${WARM_UP} warm-up rounds; figures are medians over rounds, per callback. Each busy sample goes to the stage that was running when it was taken (marks from wrapping the client's store, reader, IHttp and settings objects, and from the HTTP server's diagnostics channels); GC is charged to the stage it interrupted. V8 samples the main thread's wall clock: a thread descheduled inside a system call (\`writev\`, \`setKeepAlive\`) counts as busy there, so stage figures are busy time, not CPU; the **CPU** line is the process's user + system time over the round (all threads). Waiting for the token endpoint or Redis is idle and not counted.`,
    '',
    'Stages: **request parsing** = the host routing the request and building the API request, then the callback checking its parameters; **state claim** = the atomic remove of the pending authorization; **settings and user reads** = the user, the client id and secret settings, the endpoints; **token request build** = the form body, headers and client authentication; **HTTP client** = the POST through the app\'s IHttp (undici) including reading the answer (for the hand-written handler: node:http and its JSON.parse); **response parsing** = the token response checks; **store write** = the token record; **page rendering and response** = the outcome page and the host writing the response; **between callbacks** = node reading and parsing the next request before the server emits it.',
    '',
  ];
  for (const result of results) {
    const ours = result.perCallback.ours;
    const base = result.perCallback.baseline;
    const total = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
    lines.push(`## ${NAMES[result.kind]} store`, '', '| stage | ours, busy µs | hand-written, busy µs | ours: top frames (busy µs) |', '| --- | --- | --- | --- |');
    for (const stage of [...CALLBACK_STAGES, BETWEEN]) {
      const top = Object.entries(result.frames[stage] ?? {})
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP_FRAMES)
        .map(([frame, us]) => `\`${frame.replace(/\|/g, '\\|')}\` ${us.toFixed(0)}`)
        .join(', ');
      lines.push(`| ${stage} | ${(ours[stage] ?? 0).toFixed(0)} | ${base[stage] ? (base[stage] as number).toFixed(0) : '—'} | ${top} |`);
    }
    const cpuOurs = median(result.totals.ours);
    const cpuBase = median(result.totals.baseline);
    lines.push(
      `| **total busy** | **${total(ours).toFixed(0)}** | **${total(base).toFixed(0)}** | hand-written / ours = ${(total(base) / total(ours)).toFixed(2)} |`,
      `| **CPU** | **${cpuOurs.toFixed(0)}** | **${cpuBase.toFixed(0)}** | hand-written / ours = ${(cpuBase / cpuOurs).toFixed(2)} |`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function start(side: Side, kind: StoreKind, tokenUrl: string): Promise<ChildProcess> {
  const child = fork(CHILD, [side, kind, tokenUrl], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${side} profile child exited with ${code}`)));
  });
  return child;
}

function ask(child: ChildProcess, message: ParentMessage): Promise<ChildMessage> {
  return new Promise((resolve) => {
    child.once('message', (answer) => resolve(answer as ChildMessage));
    child.send(message);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await main());
  process.exit(0);
}
