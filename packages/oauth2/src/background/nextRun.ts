import type { BackgroundProfile } from './profile.ts';

/** What the background needs to know of a stored token (no secret). */
export interface GrantFacts {
  /** Epoch ms; 0 when the provider gave no lifetime. */
  expiresAt: number;
  /** Epoch ms of the token's last write (connect or refresh): the refresh token's last use. */
  updatedAt: number;
  hasRefreshToken: boolean;
  /** Epoch ms of the last successful validation, where the provider requires them. */
  validatedAt?: number;
}

export type BackgroundTask = 'refresh' | 'validate';

export interface PlannedRun {
  at: number;
  task: BackgroundTask;
}

/** Keep-alive refreshes run at this fraction of the idle limit: a failed run has the rest to retry. */
export const KEEP_ALIVE_FRACTION = 0.5;
/** Ahead of expiry: this share of the token's life before the refresh window, at most `AHEAD_MAX_MS`. */
const AHEAD_FRACTION = 0.1;
const AHEAD_MAX_MS = 5 * 60_000;

/**
 * When the next background run for a grant is due, and what it does (pure: the tests drive it with
 * tables). The earliest of: ahead of expiry (before the on-demand refresh window, so no call waits),
 * keep-alive (half the provider's idle limit after the refresh token's last use), and validation
 * (the provider's interval after the last one). Jitter only moves a run earlier, by up to `jitter`
 * of the time left, so that grants written together spread out and no limit is ever passed.
 * `undefined`: nothing to do for this grant (no refresh token, no validation).
 */
export function nextRun(facts: GrantFacts, profile: BackgroundProfile, refreshWindowMs: number, now: number, random: () => number = Math.random): PlannedRun | undefined {
  const candidates: PlannedRun[] = [];
  if (facts.hasRefreshToken && profile.aheadOfExpiry && facts.expiresAt > 0) {
    const life = Math.max(0, facts.expiresAt - facts.updatedAt);
    // Never before half the token's life: a token shorter-lived than the refresh window must not
    // be refreshed the moment it is written, again and again.
    candidates.push({ at: Math.max(facts.updatedAt + life / 2, facts.expiresAt - refreshWindowMs - Math.min(AHEAD_MAX_MS, life * AHEAD_FRACTION)), task: 'refresh' });
  }
  if (facts.hasRefreshToken && profile.idleMs !== undefined && profile.idleMs > 0) {
    candidates.push({ at: facts.updatedAt + profile.idleMs * KEEP_ALIVE_FRACTION, task: 'refresh' });
  }
  if (profile.validation) {
    candidates.push({ at: Math.max(facts.updatedAt, facts.validatedAt ?? 0) + profile.validation.everyMs, task: 'validate' });
  }
  const first = candidates.reduce<PlannedRun | undefined>((a, b) => (!a || b.at < a.at ? b : a), undefined);
  if (!first) return undefined;
  const ahead = Math.max(0, first.at - now);
  return { at: Math.max(now, Math.round(first.at - ahead * profile.jitter * random())), task: first.task };
}

/** A job that runs this much before its plan (clocks of several hosts) still does its work. */
export const EARLY_MS = 1_000;

/** What a job was planned from: the token write it saw, and the task its plan named. */
export interface PlanBasis {
  basis?: number;
  task?: BackgroundTask;
}

/**
 * Whether a job that runs now has work, and which: the task it was planned for, when the token is
 * still the one it was planned from (jitter made it early on purpose); else, the token having been
 * written since (a call refreshed it), only a task due now by the current token.
 */
export function dueTask(planned: PlanBasis, facts: GrantFacts, profile: BackgroundProfile, refreshWindowMs: number, now: number): BackgroundTask | undefined {
  if (planned.task !== undefined && planned.basis === facts.updatedAt) return planned.task;
  const run = nextRun(facts, profile, refreshWindowMs, now, () => 0);
  return run && run.at <= now + EARLY_MS ? run.task : undefined;
}
