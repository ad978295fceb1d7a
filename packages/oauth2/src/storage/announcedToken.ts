import type { GrantFacts } from '../background/nextRun.ts';

/** What was just stored, as far as planning needs it (no secret). */
export type StoredFacts = Omit<GrantFacts, 'validatedAt'>;

/**
 * The token an `authorizationCodeExchanged` or `accessTokenRefreshed` event announces, as it was
 * written, for this package's own listeners: background refresh plans from it instead of reading
 * the token back. Keyed by the event's payload object (an app's listener sees only the payload).
 */
const announced = new WeakMap<object, StoredFacts>();

export function announceStored<T extends object>(payload: T, facts: StoredFacts): T {
  announced.set(payload, facts);
  return payload;
}

export function storedFactsOf(payload: object): StoredFacts | undefined {
  return announced.get(payload);
}
