import { describe, expect, it } from 'vitest';
import { assertStateFormat, readCallbackParams } from '../../src/callback/callbackParams.ts';
import { CallbackError } from '../../src/errors.ts';

const STATE = 'a'.repeat(43);

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CallbackError ? error.reason : 'other';
  }
  return undefined;
}

describe('readCallbackParams (SECURITY 8, 10)', () => {
  it('reads the response parameters', () => {
    expect(readCallbackParams({ code: 'c', state: STATE, iss: 'https://as', error_description: 'd' })).toEqual({ code: 'c', state: STATE, iss: 'https://as', errorDescription: 'd' });
  });

  it.each(['code', 'state', 'iss', 'error', 'error_description'])('refuses %s given twice', (name) => {
    expect(reason(() => readCallbackParams({ [name]: ['x', 'y'] }))).toBe('duplicate_parameter');
  });

  it('ignores prototype keys and unknown parameters', () => {
    const query = JSON.parse('{"__proto__": "x", "constructor": "y", "other": ["1","2"]}') as Record<string, string>;
    expect(readCallbackParams(query)).toEqual({});
  });
});

describe('assertStateFormat', () => {
  it.each([
    [undefined, 'state_missing'],
    ['', 'state_missing'],
    ['short', 'state_malformed'],
    ['a'.repeat(44), 'state_malformed'],
    [`${'a'.repeat(42)}=`, 'state_malformed'],
    [`${'a'.repeat(42)}é`, 'state_malformed'],
    ['a'.repeat(100_000), 'state_malformed'],
    [STATE, undefined],
  ])('%s -> %s', (state, expected) => {
    expect(reason(() => assertStateFormat(state))).toBe(expected);
  });
});
