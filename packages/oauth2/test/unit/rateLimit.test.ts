import { describe, expect, it } from 'vitest';
import type { RawHttpResponse } from '../../src/core/http.ts';
import { TransportError } from '../../src/errors.ts';
import { sendWithRateLimitRetry, type RetryClock } from '../../src/transport/rateLimit.ts';

function fakeClock(): RetryClock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

const ok: RawHttpResponse = { status: 200, headers: {}, body: '{}' };
const limited = (headers: Record<string, string>, body = ''): RawHttpResponse => ({ status: 429, headers, body });

describe('429 handling (SECURITY 20)', () => {
  it('waits Retry-After seconds and retries once', async () => {
    const clock = fakeClock();
    const answers = [limited({ 'retry-after': '2' }), ok];
    const result = await sendWithRateLimitRetry(async () => answers.shift() as RawHttpResponse, clock.now() + 10_000, clock);
    expect(result.status).toBe(200);
    expect(clock.slept).toEqual([2000]);
  });

  it("honours Discord's retry_after body", async () => {
    const clock = fakeClock();
    const answers = [limited({}, JSON.stringify({ retry_after: 1.5 })), ok];
    await sendWithRateLimitRetry(async () => answers.shift() as RawHttpResponse, clock.now() + 10_000, clock);
    expect(clock.slept).toEqual([1500]);
  });

  it('gives up when the wait passes the deadline', async () => {
    const clock = fakeClock();
    let calls = 0;
    const send = async (): Promise<RawHttpResponse> => { calls++; return limited({ 'retry-after': '60' }); };
    await expect(sendWithRateLimitRetry(send, clock.now() + 10_000, clock)).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
    expect(calls).toBe(1);
  });

  it('retries only once', async () => {
    const clock = fakeClock();
    let calls = 0;
    const send = async (): Promise<RawHttpResponse> => { calls++; return limited({ 'retry-after': '1' }); };
    await expect(sendWithRateLimitRetry(send, clock.now() + 10_000, clock)).rejects.toBeInstanceOf(TransportError);
    expect(calls).toBe(2);
  });
});
