import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Milliseconds taken by `run`. */
export async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Mean microseconds per call over `count` sequential calls. */
export async function microsPerOp(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) await op(i);
  return ((performance.now() - started) * 1000) / count;
}

/**
 * Runs each variant once per round, in the same order every round (A, B, A, B...), so both see the
 * same machine load (other engineers' tests share these cores); each variant returns one sample.
 */
export async function alternate<K extends string>(rounds: number, variants: Record<K, (round: number) => Promise<number>>): Promise<Record<K, number[]>> {
  const names = Object.keys(variants) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round += 1) {
    for (const name of names) samples[name].push(await variants[name](round));
  }
  return samples;
}

/** Runs `task` for each index with at most `limit` running at once. */
export async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

export const fmt = {
  us: (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(v < 10 ? 2 : 1)} µs`),
  ms: (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`,
  ratio: (v: number) => v.toFixed(2),
  int: (v: number) => Math.round(v).toLocaleString('en-US'),
  bytes: (v: number) => (Math.abs(v) >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(1)} MiB` : Math.abs(v) >= 1024 ? `${(v / 1024).toFixed(2)} KiB` : `${Math.round(v)} B`),
};

/**
 * The median of the per-round ratios numerator[i] / denominator[i]. Samples of one round were taken
 * moments apart, so a burst of load from elsewhere moves both and cancels out of their ratio.
 * `skip` drops the first rounds (warm-up).
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[], skip = 1): number {
  const ratios = numerator.map((value, i) => value / (denominator[i] as number)).slice(skip);
  return median(ratios);
}

/** The middle half of the per-round ratios, e.g. "per-round ratio 0.91–1.08 (p25–p75)": how noisy the ratio was. */
export function ratioSpread(numerator: readonly number[], denominator: readonly number[], skip = 1, unit = 'round'): string {
  const ratios = numerator.map((value, i) => value / (denominator[i] as number)).slice(skip);
  return `per-${unit} ratio ${percentile(ratios, 25).toFixed(2)}–${percentile(ratios, 75).toFixed(2)} (p25–p75 of ${ratios.length})`;
}
