/**
 * Validation of preset options. Options may come from JSON (a CLI config's `"provider": "google"`),
 * so types are checked at run time and unknown keys are refused: a typo must not silently fall back
 * to a default.
 */
import { ConfigurationError } from '../errors.ts';

export function readOptions<T extends object>(presetId: string, options: unknown, allowed: readonly (keyof T & string)[]): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(`${presetId}() options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!(allowed as readonly string[]).includes(key)) {
      throw new ConfigurationError(`${presetId}() has no option "${key}"`);
    }
  }
  return options as Partial<T>;
}

export function optionalBoolean(presetId: string, name: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ConfigurationError(`${presetId}() option "${name}" must be a boolean`);
}

/** One of `allowed`, or `undefined`. */
export function optionalChoice<T extends string>(presetId: string, name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(`${presetId}() option "${name}" must be one of ${allowed.join(', ')}`);
}

/** A string matching `pattern`; `hint` says what is expected. The value is not echoed. */
export function matching(presetId: string, name: string, value: unknown, pattern: RegExp, hint: string): string {
  if (typeof value === 'string' && pattern.test(value)) return value;
  throw new ConfigurationError(`${presetId}() option "${name}" must be ${hint}`);
}

/** An `https:` base URL without query, fragment or credentials, returned without a trailing slash. */
export function httpsBaseUrl(presetId: string, name: string, value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch (cause) {
    throw new ConfigurationError(`${presetId}() option "${name}" must be an absolute URL`, { cause });
  }
  if (typeof value !== 'string' || url.protocol !== 'https:') {
    throw new ConfigurationError(`${presetId}() option "${name}" must use https`);
  }
  if (url.search !== '' || url.hash !== '' || value.includes('#') || url.username !== '' || url.password !== '') {
    throw new ConfigurationError(`${presetId}() option "${name}" must not carry a query, fragment or credentials`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
