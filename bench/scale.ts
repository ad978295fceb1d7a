import { benchUser, startBenchHost, type BenchHost } from './lib/benchHost.ts';
import { atMost, skipped, type BenchRow } from './lib/rows.ts';
import { seedTokens } from './lib/seed.ts';
import { alternate, fmt, median, microsPerOp, pairedRatio, ratioSpread } from './lib/stats.ts';
import { openStore, unavailable, withoutFsync, type BenchStore, type StoreKind } from './lib/stores.ts';

const SMALL = 1_000;
const LARGE = 100_000;
const ROUNDS = 16;
const OPS = 200;
const SEED_CONCURRENCY = 256;
const GOAL = atMost(1.3);
const NAMES: Record<StoreKind, string> = { memory: 'memory', sqlite: 'SQLite', redis: 'Redis' };

/**
 * Token read latency with 1 000 vs 100 000 users holding a token: two stores of the same kind, side
 * by side, read in alternating rounds, each read for a random user. Ratio = large / small (flat = 1).
 */
export async function main(): Promise<BenchRow[]> {
  return [await measure('sqlite'), await measure('redis')];
}

async function withSeededHost(kind: StoreKind, users: number): Promise<{ store: BenchStore; bench: BenchHost; seedMs: number }> {
  const store = openStore(kind);
  const bench = await startBenchHost({ client: { authUri: 'http://127.0.0.1:9/authorize', accessTokenUri: 'http://127.0.0.1:9/token' }, store: store.keyv });
  const started = Date.now();
  await withoutFsync(store, () => seedTokens(bench.client, 0, users, SEED_CONCURRENCY));
  return { store, bench, seedMs: Date.now() - started };
}

async function measure(kind: StoreKind): Promise<BenchRow> {
  const benchmark = `scale: token read, ${fmt.int(SMALL)} vs ${fmt.int(LARGE)} users (${NAMES[kind]})`;
  const reason = await unavailable(kind);
  if (reason) return skipped(benchmark, reason, GOAL);
  const small = await withSeededHost(kind, SMALL);
  const large = await withSeededHost(kind, LARGE);
  try {
    const reads = (env: BenchHost, population: number) => () =>
      microsPerOp(OPS, async () => {
        const token = await env.client.getAccessTokenForUser(benchUser(Math.floor(Math.random() * population)));
        if (!token) throw new Error('a seeded user has no token');
      });
    const samples = await alternate(ROUNDS, { small: reads(small.bench, SMALL), large: reads(large.bench, LARGE) });
    const smallUs = median(samples.small.slice(1));
    const largeUs = median(samples.large.slice(1));
    return {
      benchmark,
      measured: `${fmt.us(largeUs)}/read at ${fmt.int(LARGE)}`,
      baseline: `${fmt.us(smallUs)}/read at ${fmt.int(SMALL)}`,
      ratio: pairedRatio(samples.large, samples.small),
      goal: GOAL,
      note: `${NAMES[kind]}: ratio = latency at ${fmt.int(LARGE)} / latency at ${fmt.int(SMALL)} (lower is better, 1 = flat); getAccessTokenForUser for a random seeded user, ${OPS} per round, ${ROUNDS - 1} timed rounds, ${ratioSpread(samples.large, samples.small)}. Users seeded through the client's token store and the host's persistence, ${SEED_CONCURRENCY} writes in flight${kind === 'sqlite' ? ', fsync off while seeding only' : ''}: ${fmt.int(LARGE / (large.seedMs / 1000))} users/s.`,
    };
  } finally {
    for (const env of [small, large]) {
      await env.bench.close();
      await env.store.close();
    }
  }
}
