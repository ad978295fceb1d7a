import { randomBytes } from 'node:crypto';
import { startBaselineCallback } from './lib/baselineCallback.ts';
import { APP_ID, benchUser, CLIENT_ID, CLIENT_SECRET, startBenchHost } from './lib/benchHost.ts';
import { atLeast, skipped, type BenchRow } from './lib/rows.ts';
import { alternate, fmt, median, pairedRatio, pool, ratioSpread, timeMs } from './lib/stats.ts';
import { openStore, unavailable, type StoreKind } from './lib/stores.ts';
import { useNodeHttpPost } from './lib/nodeHttpProbe.ts';
import { startCannedTokenEndpoint } from './lib/tokenEndpoint.ts';

const ROUNDS = 6;
const CALLBACKS = 300;
const CONCURRENCY = 16;
const USERS = 20;
const GOAL = atLeast(0.8);
const NAMES: Record<StoreKind, string> = { memory: 'memory', sqlite: 'SQLite', redis: 'Redis' };

/**
 * Complete callbacks per second (claim the state, redeem the code at a canned local token endpoint,
 * store the token) through AppHost vs a hand-written node:http handler doing those three steps on
 * the same Keyv against the same endpoint. States are created before each timed round.
 */
export async function main(): Promise<BenchRow[]> {
  return [...(await measure('memory')), ...(await measure('redis'))];
}

/** How much to measure: the full run's sizes by default; the regression check runs a smaller one. */
export interface CallbackRunSize {
  rounds: number;
  callbacks: number;
  /** Also run the node:http probe rounds. */
  probe: boolean;
}

export async function measure(kind: StoreKind, size: CallbackRunSize = { rounds: ROUNDS, callbacks: CALLBACKS, probe: true }): Promise<BenchRow[]> {
  const { rounds, callbacks } = size;
  const benchmark = `callback throughput (${NAMES[kind]})`;
  const reason = await unavailable(kind);
  if (reason) return [skipped(benchmark, reason, GOAL)];
  const store = openStore(kind);
  const endpoint = await startCannedTokenEndpoint();
  const users = Array.from({ length: USERS }, (_, i) => benchUser(i));
  const bench = await startBenchHost({ client: { authUri: `${endpoint.origin}/authorize`, accessTokenUri: endpoint.tokenUrl }, users, store: store.keyv });
  const baseline = await startBaselineCallback(store.keyv, endpoint.tokenUrl, CLIENT_ID, CLIENT_SECRET);
  let failures = 0;
  const fire = async (urls: string[]) =>
    callbacks /
    ((await timeMs(() =>
      pool(urls.length, CONCURRENCY, async (i) => {
        const response = await fetch(urls[i] as string);
        await response.arrayBuffer();
        if (response.status !== 200) failures += 1;
      }),
    )) / 1000);
  try {
    const ourUrls = () =>
      pool(callbacks, CONCURRENCY, async (i) => {
        const state = (await bench.client.getUserAuthorizationUrl(users[i % USERS]!)).searchParams.get('state');
        return bench.callback(`code=c${i}&state=${state}`);
      });
    const probeRound = async () => {
      const urls = await ourUrls();
      const probe = useNodeHttpPost(bench.host.accessors(APP_ID).http);
      try {
        return await fire(urls);
      } finally {
        probe.restore();
      }
    };
    const samples = await alternate(rounds, {
      ours: async () => fire(await ourUrls()),
      probe: async () => (size.probe ? probeRound() : Number.NaN),
      baseline: async () => {
        const urls = await pool(callbacks, CONCURRENCY, async (i) => {
          const state = randomBytes(32).toString('base64url');
          await baseline.save(state, { userId: users[i % USERS]!.id, redirectUri: bench.callback('').slice(0, -1), codeVerifier: randomBytes(32).toString('base64url') });
          return `${baseline.url}?code=c${i}&state=${state}`;
        });
        return fire(urls);
      },
    });
    if (failures > 0) throw new Error(`${failures} callbacks did not answer 200`);
    const ours = median(samples.ours.slice(1)); // round 0 warms up
    const base = median(samples.baseline.slice(1));
    const probe = median(samples.probe.slice(1));
    const rows: BenchRow[] = [{
      benchmark,
      measured: `${fmt.int(ours)} callbacks/s`,
      baseline: `hand-written ${fmt.int(base)}/s`,
      ratio: pairedRatio(samples.ours, samples.baseline),
      goal: GOAL,
      note: `${NAMES[kind]}: ${callbacks} callbacks per round, ${CONCURRENCY} in flight, ${rounds - 1} timed rounds each; ratio = our throughput / hand-written throughput; both redeem codes at one canned node:http token endpoint and write to one Keyv (${store.where}); ${ratioSpread(samples.ours, samples.baseline)}.`,
    }, {
      benchmark: `${benchmark}, probe: IHttp POST on node:http`,
      measured: `${fmt.int(probe)} callbacks/s`,
      baseline: `hand-written ${fmt.int(base)}/s`,
      ratio: pairedRatio(samples.probe, samples.baseline),
      result: 'info',
      note: `The same callbacks with the app's IHttp POST (undici) swapped for a bare node:http request (keep-alive agent, deadline, size cap, no redirects; bench/lib/nodeHttpProbe.ts), in rounds alternating with the two above: what the HTTP client costs inside a whole callback next to the least node offers. ${ratioSpread(samples.probe, samples.baseline)}.`,
    }];
    return size.probe ? rows : rows.slice(0, 1);
  } finally {
    await bench.close();
    await baseline.close();
    await endpoint.close();
    await store.close();
  }
}
