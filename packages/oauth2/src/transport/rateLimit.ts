import type { RawHttpResponse } from '../core/http.ts';
import { parseRetryAfter } from '../core/index.ts';
import { TransportError } from '../errors.ts';

export interface RetryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      }, { once: true });
    }),
};

/**
 * Sends, and on a 429 waits as told (`Retry-After` seconds or date, Discord's `retry_after`) and
 * sends once more when that fits before `deadline`; otherwise throws `rate_limited` (SECURITY 20).
 * For refresh and revocation only: a code exchange is never retried (SECURITY 11).
 */
export async function sendWithRateLimitRetry(
  send: (remainingMs: number) => Promise<RawHttpResponse>,
  deadline: number,
  clock: RetryClock = realClock,
): Promise<RawHttpResponse> {
  const first = await send(deadline - clock.now());
  if (first.status !== 429) return first;
  const waitMs = parseRetryAfter(first, clock.now()) ?? 1000;
  if (clock.now() + waitMs >= deadline) {
    throw new TransportError('rate_limited', 'the provider is rate limiting and asks to wait past the deadline', { status: 429, retryAfterMs: waitMs });
  }
  await clock.sleep(waitMs);
  const second = await send(deadline - clock.now());
  if (second.status === 429) {
    throw new TransportError('rate_limited', 'the provider is still rate limiting after one retry', {
      status: 429,
      retryAfterMs: parseRetryAfter(second, clock.now()) ?? waitMs,
    });
  }
  return second;
}
