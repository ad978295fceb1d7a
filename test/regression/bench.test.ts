import { expect, test } from 'vitest';
import { measure as measureCallbacks } from '../../bench/callbackThroughput.ts';
import { measure as measureTokenReads } from '../../bench/tokenHotPath.ts';
import type { BenchRow } from '../../bench/lib/rows.ts';

// A gross-regression check, not a benchmark: it runs small versions of two `pnpm bench` comparisons
// and fails only when a ratio falls to about half of what bench/results/latest.md shows. Ratios
// come from rounds alternating ours and the baseline in this same process, so load from other work
// on the machine moves both; a low reading is measured again (up to three attempts) before failing.
// No time is ever asserted, only same-run ratios.

/** Callbacks/s against the hand-written handler: about 0.5 in the committed results (0.43–0.52 on a loaded machine). */
const CALLBACKS_FLOOR = 0.25;
/** Token reads against a bare keyv.get: about 0.6 in the committed results. */
const TOKEN_READ_FLOOR = 0.25;
const ATTEMPTS = 3;

async function bestOf(run: () => Promise<BenchRow>, floor: number): Promise<number[]> {
  const ratios: number[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const { ratio } = await run();
    ratios.push(ratio ?? Number.NaN);
    if ((ratio ?? 0) >= floor) break;
  }
  return ratios;
}

test('callback throughput has not collapsed against the hand-written handler (in-memory store)', async () => {
  const ratios = await bestOf(async () => (await measureCallbacks('memory', { rounds: 5, callbacks: 120, probe: false }))[0] as BenchRow, CALLBACKS_FLOOR);
  expect(Math.max(...ratios), `per-attempt ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`).toBeGreaterThanOrEqual(CALLBACKS_FLOOR);
}, 180_000);

test('the token hot path has not collapsed against a bare keyv.get (in-memory store)', async () => {
  const ratios = await bestOf(() => measureTokenReads('memory', { rounds: 5, ops: 1_000 }), TOKEN_READ_FLOOR);
  expect(Math.max(...ratios), `per-attempt ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`).toBeGreaterThanOrEqual(TOKEN_READ_FLOOR);
}, 180_000);
