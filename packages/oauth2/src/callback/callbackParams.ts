import { CallbackError } from '../errors.ts';

/** The authorization response parameters (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2). */
export interface CallbackParams {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  errorDescription?: string;
}

const NAMES = { code: 'code', state: 'state', iss: 'iss', error: 'error', errorDescription: 'error_description' } as const;

/** `randomToken(32)`: 43 base64url characters. Anything else is refused before the store is read. */
const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Reads the callback query strictly: a parameter given twice is refused (SECURITY 10: which copy
 * would the provider have meant?), and a state of the wrong length or alphabet is malformed (SECURITY 8).
 */
export function readCallbackParams(query: Record<string, string | string[] | undefined>): CallbackParams {
  const params: CallbackParams = {};
  for (const [field, name] of Object.entries(NAMES) as Array<[keyof CallbackParams, string]>) {
    if (!Object.hasOwn(query, name)) continue;
    const value = query[name];
    if (Array.isArray(value)) throw new CallbackError('duplicate_parameter');
    if (typeof value === 'string') params[field] = value;
  }
  return params;
}

export function assertStateFormat(state: string | undefined): asserts state is string {
  if (state === undefined || state === '') throw new CallbackError('state_missing');
  if (!STATE_FORMAT.test(state)) throw new CallbackError('state_malformed');
}
