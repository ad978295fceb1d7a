/** One line of the results table. */
export interface BenchRow {
  benchmark: string;
  /** Our number, with its unit. */
  measured: string;
  /** The baseline measured in the same run, with its unit. */
  baseline: string;
  ratio?: number;
  goal?: Goal;
  /** A goal that is not a bound on the ratio (e.g. "1 refresh request"); shown instead of `goal`. */
  goalText?: string;
  /** Computed from ratio and goal unless given (skipped rows, informational rows). */
  result?: RowResult;
  note?: string;
}

export type RowResult = 'pass' | 'fail' | 'skipped' | 'info';

/** `>=`: higher is better (baseline time / our time); `<=`: lower is better (e.g. growth). */
export interface Goal {
  op: '>=' | '<=';
  value: number;
}

export const atLeast = (value: number): Goal => ({ op: '>=', value });
export const atMost = (value: number): Goal => ({ op: '<=', value });

export function resultOf(row: BenchRow): RowResult {
  if (row.result) return row.result;
  if (row.ratio === undefined || !Number.isFinite(row.ratio)) return row.goal ? 'skipped' : 'info';
  if (!row.goal) return 'info';
  return (row.goal.op === '>=' ? row.ratio >= row.goal.value : row.ratio <= row.goal.value) ? 'pass' : 'fail';
}

/** A row for a benchmark that could not run here, with the reason. */
export function skipped(benchmark: string, reason: string, goal?: Goal): BenchRow {
  return { benchmark, measured: '—', baseline: '—', ...(goal ? { goal } : {}), result: 'skipped', note: reason };
}

/** What every benchmark file exports. */
export type BenchMain = () => Promise<BenchRow[]>;
