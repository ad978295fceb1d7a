import type { RawHttpResponse } from './http.ts';
import { parseJsonObject } from './json.ts';

/** A day: longer waits are treated as nonsense rather than honoured. */
const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

function clamp(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_WAIT_MS);
}

/**
 * How long to wait before calling again, in milliseconds, or `undefined` when the answer does
 * not say. RFC 9110 §10.2.3 `Retry-After` (delay-seconds or HTTP-date) wins; otherwise a JSON
 * body's `retry_after` in seconds, possibly fractional (Discord's 429 bodies).
 */
export function parseRetryAfter(response: RawHttpResponse, now: number): number | undefined {
  const header = response.headers['retry-after']?.trim();
  if (header !== undefined && header !== '') {
    if (/^\d+$/.test(header)) return clamp(Number(header) * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return clamp(date - now);
  }
  const body = parseJsonObject(response.body);
  const retryAfter = body?.['retry_after'];
  if (typeof retryAfter === 'number' && retryAfter >= 0) return clamp(retryAfter * 1000);
  if (typeof retryAfter === 'string' && /^\d+(\.\d+)?$/.test(retryAfter)) return clamp(Number(retryAfter) * 1000);
  return undefined;
}
