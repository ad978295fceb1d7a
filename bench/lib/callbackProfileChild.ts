// A child process serving callbacks, ours (AppHost + OAuth client) or the hand-written baseline, for
// bench/callbackProfile.ts. It profiles its own CPU while the parent sends callbacks one at a time,
// and attributes every sample to the stage of the callback it fell in. Started with fork(); driven
// over IPC; exits when the parent goes away.
import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBaselineCallback } from './baselineCallback.ts';
import { benchUser, CLIENT_ID, CLIENT_SECRET, startBenchHost } from './benchHost.ts';
import { monotonicUs, samplesOf, startCpuProfile } from './cpuProfile.ts';
import { CALLBACK_STAGES, markCallbackStages, type CallbackStage } from './internals.ts';
import { pool } from './stats.ts';
import { openStore, type StoreKind } from './stores.ts';

export type Side = 'ours' | 'baseline';
/** The time between a response's end and the next request's start (node reads and parses it then). */
export const BETWEEN = 'between callbacks';
export type Bucket = CallbackStage | typeof BETWEEN;

export interface ProfileRound {
  callbacks: number;
  /** The process's CPU time (user + system, all threads) over the round, µs. */
  cpuTotalUs: number;
  /** Busy (non-idle) sampled microseconds per stage. */
  busyUs: Record<string, number>;
  /** Busy (non-idle) sampled microseconds per stage and leaf frame: where inside a stage the time went. */
  frames: Record<string, Record<string, number>>;
}

export type ChildMessage = { type: 'urls'; urls: string[] } | { type: 'started' } | { type: 'round'; round: ProfileRound };
export type ParentMessage = { type: 'prepare'; count: number } | { type: 'start' } | { type: 'stop' };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USERS = 20;

async function serve(side: Side, kind: StoreKind, tokenUrl: string): Promise<void> {
  const store = openStore(kind);
  const users = Array.from({ length: USERS }, (_, i) => benchUser(i));
  let marks: Mark[] = [];
  const mark = (stage: Bucket) => marks.push([monotonicUs(), stage]);
  subscribe('http.server.request.start', () => mark('request parsing'));
  subscribe('http.server.response.finish', () => mark(BETWEEN));

  let prepare: (count: number) => Promise<string[]>;
  if (side === 'ours') {
    const origin = new URL(tokenUrl).origin;
    const bench = await startBenchHost({ client: { authUri: `${origin}/authorize`, accessTokenUri: tokenUrl }, users, store: store.keyv });
    markCallbackStages(bench.client, mark);
    prepare = (count) =>
      pool(count, 16, async (i) => {
        const state = (await bench.client.getUserAuthorizationUrl(users[i % USERS]!)).searchParams.get('state');
        return bench.callback(`code=c${i}&state=${state}`);
      });
  } else {
    const baseline = await startBaselineCallback(store.keyv, tokenUrl, CLIENT_ID, CLIENT_SECRET, mark);
    prepare = (count) =>
      pool(count, 16, async (i) => {
        const state = randomBytes(32).toString('base64url');
        await baseline.save(state, { userId: users[i % USERS]!.id, redirectUri: 'http://127.0.0.1:9/cb', codeVerifier: randomBytes(32).toString('base64url') });
        return `${baseline.url}?code=c${i}&state=${state}`;
      });
  }

  let profiler: Awaited<ReturnType<typeof startCpuProfile>> | undefined;
  let callbacks = 0;
  let cpuAtStart = 0;
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'prepare') {
      callbacks = message.count;
      reply({ type: 'urls', urls: await prepare(message.count) });
    } else if (message.type === 'start') {
      profiler = await startCpuProfile();
      marks = [[monotonicUs(), BETWEEN]];
      cpuAtStart = cpuNow();
      reply({ type: 'started' });
    } else if (message.type === 'stop') {
      const cpuTotalUs = cpuNow() - cpuAtStart;
      const profile = await (profiler as NonNullable<typeof profiler>).stop();
      reply({ type: 'round', round: { ...attribute(samplesOf(profile, ROOT), marks), callbacks, cpuTotalUs } });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

function reply(message: ChildMessage): void {
  process.send?.(message);
}

/** When (monotonic µs) which stage began. */
type Mark = [at: number, stage: Bucket];

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Each busy sample goes to the stage marked last before it was taken. */
function attribute(samples: ReturnType<typeof samplesOf>, marks: readonly Mark[]): Pick<ProfileRound, 'busyUs' | 'frames'> {
  const busyUs: Record<string, number> = Object.fromEntries([...CALLBACK_STAGES, BETWEEN].map((stage) => [stage, 0]));
  const frames: Record<string, Record<string, number>> = {};
  let m = 0;
  for (const sample of samples) {
    while (m + 1 < marks.length && (marks[m + 1] as Mark)[0] <= sample.at) m += 1;
    if (sample.idle) continue;
    const stage = (marks[m] as Mark)[1];
    busyUs[stage] = (busyUs[stage] ?? 0) + sample.weightUs;
    const byFrame = (frames[stage] ??= {});
    byFrame[sample.frame] = (byFrame[sample.frame] ?? 0) + sample.weightUs;
  }
  return { busyUs, frames };
}

if (process.send) {
  const [side, kind, tokenUrl] = process.argv.slice(2) as [Side, StoreKind, string];
  await serve(side, kind, tokenUrl);
  process.send({ type: 'ready' });
}
