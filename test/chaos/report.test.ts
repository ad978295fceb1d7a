import { describe, expect, it } from 'vitest';
import type { TokenRequestRecord } from '@plugboard/testing';
import { chaosReport, type ChaosRun, type FinalState, type Kill } from './report.ts';

/** The chaos test's judge, on made-up logs: it must be able to fail. */
const refresh = (at: number, rotation: number, host: string, outcome: 'ok' | 'reuse' = 'ok'): TokenRequestRecord => ({
  receivedAt: at,
  answeredAt: at + 5,
  grantType: 'refresh_token',
  grantId: 'g1',
  accountId: 'u1',
  refreshTokenRotation: rotation,
  status: outcome === 'ok' ? 200 : 400,
  ...(outcome === 'reuse' ? { error: 'invalid_grant' } : {}),
  userAgent: `plugboard-chaos/${host}`,
  grantRevoked: outcome === 'reuse',
});

function run(log: TokenRequestRecord[], kills: Kill[], final: FinalState): ChaosRun {
  return { log, grantOf: new Map([['u1', 'g1']]), finalState: new Map([['u1', final]]), kills, leaseMs: 10_000, outages: [] };
}

describe('chaos report', () => {
  it('one request per expiry and the grant alive: nothing lost, ratio 1', () => {
    const report = chaosReport(run([refresh(0, 0, 'A#1'), refresh(3_000, 1, 'B#1'), refresh(6_000, 2, 'A#1')], [], 'alive'));
    expect(report).toMatchObject({ alive: ['u1'], lost: [], requests: 3, expiries: 3, extraRequests: [] });
  });

  it('names a loss to a kill after the answer, before the write', () => {
    const log = [refresh(0, 0, 'A#1'), refresh(3_000, 1, 'A#1'), refresh(14_000, 1, 'B#1', 'reuse')];
    const report = chaosReport(run(log, [{ incarnation: 'A#1', at: 3_007, mode: 'on-answer' }], 'no-token'));
    expect(report.lost).toEqual([expect.objectContaining({ user: 'u1', cause: 'killed-before-write' })]);
    expect(report.extraRequests).toEqual([]);
    expect(report.requests).toBe(report.expiries + 1);
  });

  it('calls a loss unexplained when the host that got the answer was not killed, or lived past its lease', () => {
    const log = [refresh(0, 0, 'A#1'), refresh(3_000, 0, 'B#1', 'reuse')];
    expect(chaosReport(run(log, [], 'no-token')).lost[0]?.cause).toBe('unexplained');
    expect(chaosReport(run(log, [{ incarnation: 'A#1', at: 20_000, mode: 'random' }], 'no-token')).lost[0]?.cause).toBe('unexplained');
  });

  it('calls a grant lost without a reuse unexplained, and counts a second request for one expiry', () => {
    expect(chaosReport(run([refresh(0, 0, 'A#1')], [], 'refresh-failed')).lost[0]?.cause).toBe('unexplained');
    const doubled = chaosReport(run([refresh(0, 0, 'A#1'), { ...refresh(10, 0, 'B#1'), status: 503, grantRevoked: false }], [], 'alive'));
    expect(doubled.extraRequests).toEqual([{ user: 'u1', rotation: 0, count: 2 }]);
  });
});
