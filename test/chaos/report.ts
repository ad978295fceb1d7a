import type { TokenRequestRecord } from '@plugboard/testing';

/** A SIGKILL the test sent: to which incarnation of a host ("A#2"), when, and how it was aimed. */
export interface Kill {
  incarnation: string;
  at: number;
  /** `random`: at a random moment; `on-answer`: the moment the host said a refresh answer arrived; `end`: the run's end. */
  mode: 'random' | 'on-answer' | 'end';
}

/**
 * Why a grant was lost. The first three are the one acceptable cause, a kill between the
 * provider's answer and the write, told apart by where the kill fell: before the request even
 * reached the provider (it was on its way), while the provider answered (the rotation was
 * committed for a dead host), or after the answer and before the write. Everything else is a bug.
 */
export type LossCause = 'killed-request-in-flight' | 'killed-while-provider-answered' | 'killed-before-write' | 'unexplained';

export interface LostGrant {
  user: string;
  grantId: string;
  cause: LossCause;
  detail: string;
}

/** How the grant ended the run: the final refresh worked (`alive`), or what it said. */
export type FinalState = 'alive' | 'no-token' | 'refresh-failed';

export interface GrantFigures {
  user: string;
  /** Refresh requests the provider received for the grant. */
  requests: number;
  /** Expiries handled: distinct refresh token rotations presented (each is one expiry). */
  expiries: number;
  successes: number;
}

export interface ChaosReport {
  grants: number;
  alive: string[];
  lost: LostGrant[];
  perGrant: GrantFigures[];
  requests: number;
  expiries: number;
  /** Rotations presented more than once where no counted kill explains it. */
  extraRequests: Array<{ user: string; rotation: number; count: number }>;
  /** Refresh requests for a token the provider no longer knew (after its grant was revoked). */
  unattributed: number;
  /** Kills aimed at the moment a host said a refresh answer arrived, and the answers lost to them. */
  killsOnAnswer: { total: number; answersLost: number };
}

/** When the test's Redis was down (stopped or crashed, until it answered again). */
export interface Outage {
  from: number;
  to: number;
}

export interface ChaosRun {
  /** The whole token log of the run. */
  log: readonly TokenRequestRecord[];
  /** The grant of each user, and how each ended. */
  grantOf: ReadonlyMap<string, string>;
  finalState: ReadonlyMap<string, FinalState>;
  kills: readonly Kill[];
  /** The refresh lock's lease: a live holder writes its answer within it or never. */
  leaseMs: number;
  outages: readonly Outage[];
}

/** The incarnation in a User-Agent "plugboard-chaos/A#2"; the test's own host has none. */
function incarnationOf(record: TokenRequestRecord): string | undefined {
  return record.userAgent?.match(/plugboard-chaos\/(\S+)/)?.[1];
}

/** Names why the answer to `answered` (a successful refresh) never reached the store. */
function explain(answered: TokenRequestRecord, kills: readonly Kill[], leaseMs: number, outages: readonly Outage[]): { cause: LossCause; detail: string } {
  const incarnation = incarnationOf(answered);
  const kill = kills.find((k) => k.incarnation === incarnation);
  const who = incarnation === undefined ? 'the test process' : `host ${incarnation}`;
  if (!kill) return { cause: 'unexplained', detail: `${who} got the answer, was never killed, and did not write it` };
  const after = kill.at - answered.answeredAt;
  if (kill.at < answered.receivedAt) return { cause: 'killed-request-in-flight', detail: `${who} SIGKILLed (${kill.mode}) ${answered.receivedAt - kill.at} ms before its request reached the provider` };
  if (kill.at <= answered.answeredAt) return { cause: 'killed-while-provider-answered', detail: `${who} SIGKILLed (${kill.mode}) while the provider answered its refresh` };
  if (after <= leaseMs) {
    // A write that took long was retrying while Redis was down: say so.
    const down = outages.filter((o) => o.from < kill.at && o.to > answered.answeredAt);
    const during = down.length ? ` (Redis was down ${down.map((o) => `${Math.max(o.from, answered.answeredAt) - answered.answeredAt}-${Math.min(o.to, kill.at) - answered.answeredAt} ms`).join(', ')} after the answer)` : '';
    return { cause: 'killed-before-write', detail: `${who} SIGKILLed (${kill.mode}) ${after} ms after the provider's answer, before the write${during}` };
  }
  return { cause: 'unexplained', detail: `${who} lived ${after} ms after the answer, past its lease, without writing it` };
}

/** Reads the run's token log against the kills: grants alive and lost, requests per expiry. */
export function chaosReport(run: ChaosRun): ChaosReport {
  const refreshes = run.log.filter((r) => r.grantType === 'refresh_token');
  const lost: LostGrant[] = [];
  const perGrant: GrantFigures[] = [];
  const extraRequests: ChaosReport['extraRequests'] = [];
  const lostAnswers = new Set<TokenRequestRecord>();
  for (const [user, grantId] of run.grantOf) {
    const mine = refreshes.filter((r) => r.grantId === grantId).sort((a, b) => a.receivedAt - b.receivedAt);
    const byRotation = new Map<number, TokenRequestRecord[]>();
    for (const record of mine) {
      const rotation = record.refreshTokenRotation ?? -1;
      byRotation.set(rotation, [...(byRotation.get(rotation) ?? []), record]);
    }
    perGrant.push({ user, requests: mine.length, expiries: byRotation.size, successes: mine.filter((r) => r.status === 200).length });
    const reuse = mine.find((r) => r.grantRevoked);
    let explainedRotation: number | undefined;
    if (reuse) {
      // The store still held the rotation the reuse presented: the answer that rotated it was lost.
      const rotation = reuse.refreshTokenRotation ?? -1;
      const answered = byRotation.get(rotation)?.find((r) => r.status === 200 && r.answeredAt <= reuse.receivedAt);
      if (answered) {
        lostAnswers.add(answered);
        explainedRotation = rotation;
        lost.push({ user, grantId, ...explain(answered, run.kills, run.leaseMs, run.outages) });
      } else {
        lost.push({ user, grantId, cause: 'unexplained', detail: `rotation ${rotation} was presented again without an earlier successful answer` });
      }
    } else if (run.finalState.get(user) !== 'alive') {
      lost.push({ user, grantId, cause: 'unexplained', detail: `the provider never revoked the grant, yet the final refresh found ${run.finalState.get(user)}` });
    }
    for (const [rotation, records] of byRotation) {
      const allowed = rotation === explainedRotation && lost.at(-1)?.cause !== 'unexplained' ? 2 : 1;
      if (records.length > allowed) extraRequests.push({ user, rotation, count: records.length });
    }
  }
  const onAnswer = run.kills.filter((k) => k.mode === 'on-answer');
  const lostOnAnswer = [...lostAnswers].filter((a) => onAnswer.some((k) => k.incarnation === incarnationOf(a))).length;
  const lostUsers = new Set(lost.map((l) => l.user));
  return {
    grants: run.grantOf.size,
    alive: [...run.grantOf.keys()].filter((u) => !lostUsers.has(u) && run.finalState.get(u) === 'alive'),
    lost,
    perGrant,
    requests: perGrant.reduce((n, g) => n + g.requests, 0),
    expiries: perGrant.reduce((n, g) => n + g.expiries, 0),
    extraRequests,
    unattributed: refreshes.filter((r) => r.grantId === undefined).length,
    killsOnAnswer: { total: onAnswer.length, answersLost: lostOnAnswer },
  };
}

/** The report as the lines the test prints. */
export function formatReport(report: ChaosReport, seed: number): string[] {
  const causes = new Map<LossCause, number>();
  for (const l of report.lost) causes.set(l.cause, (causes.get(l.cause) ?? 0) + 1);
  const ratio = report.expiries === 0 ? 'n/a' : (report.requests / report.expiries).toFixed(3);
  return [
    `seed ${seed}: ${report.grants} grants, ${report.alive.length} alive, ${report.lost.length} lost${report.lost.length ? ` (${[...causes].map(([c, n]) => `${n} ${c}`).join(', ')})` : ''}`,
    ...report.lost.map((l) => `  lost ${l.user}: ${l.cause}: ${l.detail}`),
    `token requests per grant per expiry: ${ratio} (${report.requests} refresh requests for ${report.expiries} expiries; extra requests not explained by a counted kill: ${report.extraRequests.length}; requests for unknown tokens: ${report.unattributed})`,
    `  per grant (requests/expiries): ${report.perGrant.map((g) => `${g.user} ${g.requests}/${g.expiries}`).join(', ')}`,
    `kills aimed at a refresh answer: ${report.killsOnAnswer.total}; answers those kills cost (a host may have several grants' refreshes in flight): ${report.killsOnAnswer.answersLost}`,
  ];
}
