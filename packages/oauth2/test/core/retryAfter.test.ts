import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/core/tokenResponse.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['delay-seconds', { 'retry-after': '5' }, '', 5000],
    ['zero', { 'retry-after': '0' }, '', 0],
    ['HTTP-date', { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, '', 30_000],
    ['HTTP-date in the past', { 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, '', 0],
    ['header wins over body', { 'retry-after': '2' }, '{"retry_after": 9}', 2000],
    ['Discord float body', {}, '{"message":"You are being rate limited.","retry_after":0.437,"global":false}', 437],
    ['body numeric string', {}, '{"retry_after":"1.5"}', 1500],
    ['garbage header falls back to body', { 'retry-after': 'soon' }, '{"retry_after": 3}', 3000],
    ['absurdly long wait is capped at a day', { 'retry-after': '999999999' }, '', 86_400_000],
    ['nothing', {}, '', undefined],
    ['negative body', {}, '{"retry_after": -1}', undefined],
    ['HTML body', {}, '<html>429</html>', undefined],
  ])('%s', (_label, headers, body, expected) => {
    expect(parseRetryAfter({ status: 429, headers, body }, NOW)).toBe(expected);
  });
});
