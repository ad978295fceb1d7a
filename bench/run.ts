import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atLeast, resultOf, skipped, type BenchMain, type BenchRow, type Goal } from './lib/rows.ts';
import { renderTable } from './lib/table.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** One module per benchmark; each exports `main()`. Order = order in the table. */
const BENCHMARKS: Array<{ name: string; load: () => Promise<() => Promise<unknown>> }> = [
  { name: 'host', load: async () => (await import('./host.ts')).main },
  { name: 'token hot path', load: async () => (await import('./tokenHotPath.ts')).main },
  { name: 'callback throughput', load: async () => (await import('./callbackThroughput.ts')).main },
  { name: 'callback profile', load: async () => (await import('./callbackProfile.ts')).main },
  { name: 'peer comparison', load: async () => (await import('./peer.ts')).main },
  { name: 'peer comparison over TLS', load: async () => (await import('./peer.ts')).mainTls },
  { name: 'scale', load: async () => (await import('./scale.ts')).main },
  { name: 'pending memory', load: async () => (await import('./pendingMemory.ts')).main },
  { name: 'refresh storm', load: async () => (await import('./refreshStorm.ts')).main },
  { name: 'load', load: async () => (await import('./load.ts')).main },
];

// `--only <text>` runs the benchmarks whose name contains it and prints, without writing results.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : (process.argv[onlyAt + 1] ?? '');
const rows: BenchRow[] = [];
const startedAt = new Date();
for (const { name, load } of BENCHMARKS.filter((b) => only === undefined || b.name.includes(only))) {
  const started = Date.now();
  process.stderr.write(`bench: ${name}...\n`);
  try {
    rows.push(...toRows(name, await (await load())()));
  } catch (error) {
    rows.push(skipped(name, `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.split('\n').slice(0, 3).join(' ')));
  }
  process.stderr.write(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Rows as BenchMain returns them, or one `{ name, ratio, goal, details }` result. */
function toRows(name: string, result: unknown): BenchRow[] {
  if (Array.isArray(result)) return result as Awaited<ReturnType<BenchMain>>;
  const single = result as { name?: string; ratio?: number; goal?: number | Goal; details?: unknown };
  const goal = typeof single.goal === 'number' ? atLeast(single.goal) : single.goal;
  const details = typeof single.details === 'string' ? single.details : JSON.stringify(single.details);
  return [{ benchmark: single.name ?? name, measured: '—', baseline: '—', ...(single.ratio === undefined ? {} : { ratio: single.ratio }), ...(goal ? { goal } : {}), ...(details ? { note: details } : {}) }];
}

const table = renderTable(rows);
const header = [
  '# Plugboard benchmarks',
  '',
  `Run ${startedAt.toISOString()} on Node ${process.version}, ${process.platform}/${process.arch}. Every baseline is measured in the same run, in alternating rounds (A, B, A, B...); measured and baseline are medians over rounds, the ratio is the median of the per-round ratios (first round = warm-up, dropped).`,
  'Ratio: for `>=` goals, baseline time / our time (or our throughput / baseline throughput), higher is better; for `<=` goals, lower is better (growth factor).',
  '',
].join('\n');
if (only === undefined) {
  const outDir = join(here, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.md'), `${header}\n${table}\n`);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify({ startedAt: startedAt.toISOString(), node: process.version, rows: rows.map((row) => ({ ...row, result: resultOf(row) })) }, null, 2)}\n`);
}
console.log(table);
process.exit(0); // clients of stores and servers left by a failed benchmark must not keep the run alive
