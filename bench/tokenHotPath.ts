import Keyv from 'keyv';
import { benchUser, connectViaCallback, startBenchHost } from './lib/benchHost.ts';
import { atLeast, skipped, type BenchRow } from './lib/rows.ts';
import { alternate, fmt, median, microsPerOp, pairedRatio, ratioSpread } from './lib/stats.ts';
import { keyvBridgeMissing, openStore, unavailable, type StoreKind } from './lib/stores.ts';
import { CANNED_TOKEN, startCannedTokenEndpoint } from './lib/tokenEndpoint.ts';

const ROUNDS = 9;
const OPS: Record<StoreKind, number> = { memory: 5_000, sqlite: 1_000, redis: 1_000 };
const NAMES: Record<StoreKind, string> = { memory: 'memory', sqlite: 'SQLite', redis: 'Redis' };
const GOAL = atLeast(0.5);

/**
 * `getAccessTokenForUser` on a fresh token vs one raw `keyv.get` of a record of the same size in
 * the same Keyv (the floor no store-backed read can beat). Ratio = floor time / our time.
 */
export async function main(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of ['memory', 'sqlite', 'redis'] as const) rows.push(await measure(kind));
  return rows;
}

/** The full run's sizes by default; the regression check runs a smaller one. */
export async function measure(kind: StoreKind, size: { rounds: number; ops: number } = { rounds: ROUNDS, ops: OPS[kind] }): Promise<BenchRow> {
  const benchmark = `token hot path (${NAMES[kind]})`;
  const reason = await unavailable(kind);
  if (reason) return skipped(benchmark, reason, GOAL);
  const store = openStore(kind);
  const endpoint = await startCannedTokenEndpoint();
  const user = benchUser(1);
  const viaKeyv = keyvBridgeMissing() === undefined;
  const bench = await startBenchHost({
    client: { authUri: `${endpoint.origin}/authorize`, accessTokenUri: endpoint.tokenUrl },
    users: [user],
    ...(viaKeyv ? { store: store.keyv } : {}),
  });
  try {
    await connectViaCallback(bench, user);
    if ((await bench.client.getAccessTokenForUser(user))?.token !== CANNED_TOKEN.access_token) throw new Error('no token stored');
    // The floor reads a value shaped like a stored token record from the same store, through a Keyv
    // as Keyv comes (its default serializer): the host's bridge gives its own Keyv faster functions
    // for Keyv's format, which would lower the floor itself. That read is shown too (the note).
    const floorKey = `bench-floor:${kind}`;
    const record = { userId: user.id, alias: bench.alias, grantId: 'g'.repeat(22), updatedAt: Date.now(), token: CANNED_TOKEN.access_token, expiresAt: Date.now() + 3_600_000, scope: 'read', refreshToken: CANNED_TOKEN.refresh_token, tokenType: 'Bearer' };
    const plain = new Keyv({ store: store.keyv.store, ...(store.keyv.namespace ? { namespace: store.keyv.namespace } : {}) });
    await plain.set(floorKey, { d: record, a: [['user', user.id], ['misc', `${bench.alias}-oauth-connection`]] });
    const { ops, rounds } = size;
    const samples = await alternate(rounds, {
      ours: () => microsPerOp(ops, () => bench.client.getAccessTokenForUser(user)),
      floor: () => microsPerOp(ops, () => plain.get(floorKey)),
      tuned: () => microsPerOp(ops, () => store.keyv.get(floorKey)),
    });
    const ours = median(samples.ours.slice(1)); // round 0 is warm-up
    const floor = median(samples.floor.slice(1));
    const tuned = median(samples.tuned.slice(1));
    return {
      benchmark,
      measured: `${fmt.us(ours)}/read`,
      baseline: `keyv.get ${fmt.us(floor)}`,
      ratio: pairedRatio(samples.floor, samples.ours),
      goal: GOAL,
      note: `${NAMES[kind]}: ratio = keyv.get time / getAccessTokenForUser time (higher is better); keyv.get through a Keyv with Keyv's default functions over the same store (the same record through the bridge's own Keyv, whose format functions are faster: ${fmt.us(tuned)}); ${ops} reads per round, ${rounds - 1} timed rounds; ${ratioSpread(samples.floor, samples.ours)}.${viaKeyv ? '' : " The host's Keyv bridge is not available yet, so the host ran on its in-memory bridge while the floor is an in-memory Keyv."}`,
    };
  } finally {
    await bench.close();
    await endpoint.close();
    await store.close();
  }
}
