import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The records in an in-memory Keyv's Map whose text contains `marker`, parsed. */
function recordsWith(map: Map<string, unknown>, marker: string): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  for (const value of map.values()) {
    if (typeof value !== 'string' || !value.includes(marker)) continue;
    const found1 = JSON.parse(value) as { value?: unknown };
    const inner = typeof found1.value === 'string' ? JSON.parse(found1.value) : found1.value;
    found.push(inner as Record<string, unknown>);
  }
  return found;
}

function find(record: unknown, key: string): unknown {
  if (!record || typeof record !== 'object') return undefined;
  if (key in record) return (record as Record<string, unknown>)[key];
  for (const value of Object.values(record)) {
    const hit = find(value, key);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

describe('background refresh planning after a token write', () => {
  it('plans the grant from the token the callback stored (its write is the job basis), once per grant', async () => {
    const map = new Map<string, unknown>();
    harness = await startHarness({ stores: [new Keyv({ store: map })], server: { rotateRefreshTokens: true }, client: { backgroundRefresh: { refreshTokenIdleSeconds: 3600, jitter: 0 } } });
    expect(harness.client.background.active).toBe(true);
    await harness.connect(harness.alice);
    await harness.connect(harness.alice); // a second sign-in replaces the grant's one job
    const job = async () => {
      for (let waited = 0; waited < 5_000; waited += 20) {
        const jobs = recordsWith(map, 'local.background\\"').filter((record) => find(record, 'basis') !== undefined);
        const token = recordsWith(map, 'grantId');
        if (jobs.length === 1 && token.length === 1 && find(jobs[0], 'basis') === find(token[0], 'updatedAt')) return { jobs, token };
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { jobs: recordsWith(map, 'local.background\\"'), token: recordsWith(map, 'grantId') };
    };
    const { jobs, token } = await job();
    expect(token).toHaveLength(1);
    expect(jobs).toHaveLength(1);
    expect(find(jobs[0], 'basis')).toBe(find(token[0], 'updatedAt'));
    expect(find(jobs[0], 'task')).toBe('refresh');
    expect(find(jobs[0], 'userId')).toBe(harness.alice.id);
  });
});
