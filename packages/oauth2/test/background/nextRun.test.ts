import { describe, expect, it } from 'vitest';
import { dueTask, nextRun, type GrantFacts } from '../../src/background/nextRun.ts';
import type { BackgroundProfile } from '../../src/background/profile.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = 1_000 * DAY;
const WINDOW = MIN;
const base: BackgroundProfile = { aheadOfExpiry: true, perMinute: 60, jitter: 0 };
const hourToken: GrantFacts = { expiresAt: NOW + HOUR, updatedAt: NOW, hasRefreshToken: true };

describe('nextRun: when a grant is due in the background, and for what', () => {
  it.each<[string, GrantFacts, BackgroundProfile, ReturnType<typeof nextRun>]>([
    ['an hour token: 5 minutes (at most) before the refresh window', hourToken, base, { at: NOW + HOUR - WINDOW - 5 * MIN, task: 'refresh' }],
    ['a 10-minute token: 10% of its life before the window', { ...hourToken, expiresAt: NOW + 10 * MIN }, base, { at: NOW + 10 * MIN - WINDOW - MIN, task: 'refresh' }],
    ['a token shorter than the window: at half its life, never at once', { ...hourToken, expiresAt: NOW + 30_000 }, base, { at: NOW + 15_000, task: 'refresh' }],
    ['no refresh token, no validation: nothing to do', { ...hourToken, hasRefreshToken: false }, base, undefined],
    ['ahead of expiry off, no idle limit: nothing to do', hourToken, { ...base, aheadOfExpiry: false }, undefined],
    ['no expiry (expiresAt 0) and an idle limit of 90 days: keep-alive at 45 days', { ...hourToken, expiresAt: 0 }, { ...base, idleMs: 90 * DAY }, { at: NOW + 45 * DAY, task: 'refresh' }],
    ['ahead of expiry off: keep-alive only (half the idle limit after the last use)', hourToken, { ...base, aheadOfExpiry: false, idleMs: 182 * DAY }, { at: NOW + 91 * DAY, task: 'refresh' }],
    ['Twitch: validation hourly after the last one, before a 4-hour expiry', { ...hourToken, expiresAt: NOW + 4 * HOUR, validatedAt: NOW + 10 * MIN }, { ...base, validation: { endpoint: 'https://id.twitch.tv/oauth2/validate', scheme: 'OAuth', everyMs: HOUR } }, { at: NOW + 70 * MIN, task: 'validate' }],
    ['a validation long overdue (a restart): now', { ...hourToken, expiresAt: 0, updatedAt: NOW - DAY }, { ...base, validation: { endpoint: 'https://id.twitch.tv/oauth2/validate', scheme: 'OAuth', everyMs: HOUR } }, { at: NOW, task: 'validate' }],
  ])('%s', (_name, facts, profile, expected) => {
    expect(nextRun(facts, profile, WINDOW, NOW, () => 0.5)).toEqual(expected);
  });

  it('jitter only moves a run earlier, by at most its fraction of the time left, never before now', () => {
    const profile = { ...base, jitter: 0.1 };
    const plain = nextRun(hourToken, base, WINDOW, NOW)!;
    const ahead = plain.at - NOW;
    const earliest = nextRun(hourToken, profile, WINDOW, NOW, () => 0.999_999)!;
    const latest = nextRun(hourToken, profile, WINDOW, NOW, () => 0)!;
    expect(latest.at).toBe(plain.at);
    expect(earliest.at).toBeGreaterThanOrEqual(plain.at - ahead * 0.1);
    expect(earliest.at).toBeLessThan(plain.at);
    // 1000 grants written in the same second spread over a tenth of their lead instead of one instant.
    const times = new Set(Array.from({ length: 1000 }, (_, i) => nextRun(hourToken, profile, WINDOW, NOW, () => i / 1000)!.at));
    expect(times.size).toBeGreaterThan(900);
  });
});

describe('dueTask: whether a job that runs now has work', () => {
  const profile: BackgroundProfile = { ...base, jitter: 0.1, idleMs: 182 * DAY, aheadOfExpiry: false };
  const facts: GrantFacts = { expiresAt: 0, updatedAt: NOW, hasRefreshToken: true };
  const later = NOW + 88 * DAY; // jitter moved the plan 3 days before the keep-alive point (91 days)

  it('a job that jitter made early runs its task when the token is the one it was planned from (no hopping towards the unjittered time)', () => {
    expect(dueTask({ basis: NOW, task: 'refresh' }, facts, profile, WINDOW, later)).toBe('refresh');
  });

  it('a token written since the plan (a call refreshed it): only what the current token makes due now', () => {
    expect(dueTask({ basis: NOW - DAY, task: 'refresh' }, facts, profile, WINDOW, later)).toBeUndefined();
    expect(dueTask({ basis: NOW - DAY, task: 'refresh' }, facts, profile, WINDOW, NOW + 91 * DAY)).toBe('refresh');
  });

  it('a job from before plans named their basis (none): due by the token alone', () => {
    expect(dueTask({}, facts, profile, WINDOW, later)).toBeUndefined();
    expect(dueTask({}, facts, profile, WINDOW, NOW + 92 * DAY)).toBe('refresh');
  });
});
