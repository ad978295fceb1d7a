import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a received state with the expected one in constant time. Hashing first gives equal
 * lengths, so neither the content nor the length of the expected state leaks through timing.
 */
export function sameState(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
