import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Keyv from 'keyv';
import { benchUser, startBenchHost } from './lib/benchHost.ts';
import { atMost, type BenchRow } from './lib/rows.ts';
import { fmt, pool } from './lib/stats.ts';

const URLS = 100_000;
const TTL_SECONDS = 2;
const GOAL = atMost(0.1);

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
    await sleep(TTL_SECONDS * 1000 + 1000);
    const keysBefore = records.size;
    const before = heapAfterGc();
    await generate(URLS);
    const peak = heapAfterGc();
    const keysAtPeak = records.size;
    await sleep(TTL_SECONDS * 1000 + 1000);
    const after = heapAfterGc();
    const keysAfter = records.size;
    const perUrl = (peak - before) / URLS;
    const retained = (after - before) / (peak - before);
    const left = keysAfter - keysBefore;
    return [
      {
        benchmark: 'memory per pending authorization',
        measured: `${fmt.bytes(perUrl)}/URL`,
        baseline: `heap ${fmt.bytes(before)} before`,
        result: 'info',
        note: `${fmt.int(URLS)} authorization URLs generated on the in-memory Keyv store (stateTtlSeconds: ${TTL_SECONDS}), heap measured after forced GC: ${fmt.bytes(peak - before)} for ${fmt.int(keysAtPeak - keysBefore)} new store keys.`,
      },
      {
        benchmark: 'pending authorizations after the state TTL',
        measured: `${fmt.int(left)} store keys left, heap ${fmt.bytes(after - before)} above baseline`,
        baseline: `${fmt.int(keysAtPeak - keysBefore)} keys at peak`,
        ratio: retained,
        goal: GOAL,
        note: `ratio = share of the heap growth still held ${TTL_SECONDS + 1} s after the TTL expired, after forced GC (lower is better; 0 = back to baseline).${left > 0 ? ` Finding: the persistence bridge kept ${fmt.int(left)} expired pending-authorization records: the ttlMs that TransactionStore passes to IPersistence.update is dropped by AppPersistence/IPersistenceBridge, so abandoned authorizations are never freed (they are refused as expired at the callback, but they stay in the store).` : ''}`,
      },
    ];
  } finally {
    await bench.close();
  }
}

if (process.argv.includes('--child')) {
  const rows = await measure();
  console.log(JSON.stringify(rows));
  process.exit(0);
}
