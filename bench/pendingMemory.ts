import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Keyv from 'keyv';
import { benchUser, startBenchHost } from './lib/benchHost.ts';
import { atMost, type BenchRow } from './lib/rows.ts';
import { fmt, pool } from './lib/stats.ts';

const URLS = 100_000;
const TTL_SECONDS = 2;
/** Expired records are freed within a second of expiring (the sweeper groups them by second). */
const SETTLE_MS = TTL_SECONDS * 1000 + 2000;
const GOAL = atMost(0.1);
const BYTES_GOAL = 512;

/**
 * Heap per pending authorization (an authorization URL whose callback never comes) on the default
 * in-memory store, and what is left once the state TTL has passed. Runs in a child process with
 * `--expose-gc`, so that it can force collections and nothing else shares its heap.
 */
export async function main(): Promise<BenchRow[]> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the memory benchmark's child process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() as string) as BenchRow[];
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function measure(): Promise<BenchRow[]> {
  const keyv = new Keyv(); // the host's default store, passed in so that we can count what it holds
  const records = keyv.store as Map<string, unknown>;
  const bench = await startBenchHost({ client: { authUri: 'http://127.0.0.1:9/authorize', accessTokenUri: 'http://127.0.0.1:9/token', stateTtlSeconds: TTL_SECONDS }, store: keyv });
  const users = Array.from({ length: 100 }, (_, i) => benchUser(i));
  const generate = (count: number) => pool(count, 100, async (i) => void (await bench.client.getUserAuthorizationUrl(users[i % users.length]!)));
  try {
    await generate(500); // warm-up (JIT, lazily built structures)
    await sleep(SETTLE_MS);
    const keysBefore = records.size;
    const before = heapAfterGc();
    await generate(URLS);
    const peak = heapAfterGc();
    const keysAtPeak = records.size;
    const [sampleKey, sampleValue] = [...records.entries()].pop() as [string, unknown];
    await sleep(SETTLE_MS);
    const after = heapAfterGc();
    const keysAfter = records.size;
    const perUrl = (peak - before) / URLS;
    const retained = (after - before) / (peak - before);
    const left = keysAfter - keysBefore;
    const floor = await bareKeyvEntry(sampleKey, sampleValue);
    return [
      {
        benchmark: 'memory per pending authorization',
        measured: `${fmt.bytes(perUrl)}/URL`,
        baseline: `a bare Keyv entry of the same size ${fmt.bytes(floor)}`,
        ratio: perUrl / floor,
        goalText: `<= ${BYTES_GOAL} B`,
        result: perUrl <= BYTES_GOAL ? 'pass' : 'fail',
        note: `${fmt.int(URLS)} authorization URLs generated on the in-memory Keyv store (stateTtlSeconds: ${TTL_SECONDS}), heap measured after forced GC: ${fmt.bytes(peak - before)} for ${fmt.int(keysAtPeak - keysBefore)} new store keys; heap ${fmt.bytes(before)} before. Baseline, same process: ${fmt.int(URLS)} keyv.set calls with a key and a JSON record of the same lengths as a pending authorization's (${sampleKey.length} and ${String(sampleValue).length} characters as stored), into a fresh Keyv; ratio = ours / that. What a Keyv Map entry costs by itself bounds what any record stored through Keyv can cost.`,
      },
      {
        benchmark: 'pending authorizations after the state TTL',
        measured: `${fmt.int(left)} store keys left, heap ${fmt.bytes(after - before)} above baseline`,
        baseline: `${fmt.int(keysAtPeak - keysBefore)} keys at peak`,
        ratio: retained,
        goal: GOAL,
        note: `ratio = share of the heap growth still held ${SETTLE_MS / 1000} s after the TTL expired, after forced GC (lower is better; 0 = back to baseline).${left > 0 ? ` Finding: ${fmt.int(left)} expired pending-authorization records were still in the store.` : ' Every expired record was freed.'}`,
      },
    ];
  } finally {
    await bench.close();
  }
}

/**
 * Heap per entry of `keyv.set(key, value, ttl)` for keys and values shaped like a stored pending
 * authorization (same lengths, fresh random characters), into a fresh in-memory Keyv.
 */
async function bareKeyvEntry(sampleKey: string, sampleValue: unknown): Promise<number> {
  const keyv = new Keyv();
  const text = String(sampleValue);
  // Keyv stores `{"value":"<record JSON>","expires":...}`; hand it a record JSON of the same length.
  const inner = (JSON.parse(text) as { value: string }).value;
  const prefix = sampleKey.slice(0, sampleKey.length - 43);
  const fill = (length: number) => randomBytes(length).toString('base64url').slice(0, length);
  const before = heapAfterGc();
  for (let i = 0; i < URLS; i += 1) await keyv.set(`${prefix}${fill(43)}`, `${inner.slice(0, inner.length - 43)}${fill(43)}`, 600_000);
  const after = heapAfterGc();
  void keyv.store;
  const perEntry = (after - before) / URLS;
  await keyv.clear();
  return perEntry;
}

if (process.argv.includes('--child')) {
  const rows = await measure();
  console.log(JSON.stringify(rows));
  process.exit(0);
}
