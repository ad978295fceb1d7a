import { describe, expect, it } from 'vitest';
import { parseCallbackUrl } from '../src/index.ts';

describe('parseCallbackUrl', () => {
  it.each([
    ['https://app.test/cb?code=c1&state=s1&iss=https%3A%2F%2Fas.test', { code: 'c1', state: 's1', iss: 'https://as.test' }],
    [
      'https://app.test/cb?error=access_denied&error_description=End-User+aborted&state=s',
      { error: 'access_denied', errorDescription: 'End-User aborted', state: 's' },
    ],
    ['https://app.test/cb#code=c2&state=s2', { code: 'c2', state: 's2' }],
    ['https://app.test/cb', {}],
    ['https://app.test/cb?unrelated=1&code=', { code: '' }],
  ])('%s', (url, expected) => {
    expect(parseCallbackUrl(url)).toEqual(expected);
    expect(parseCallbackUrl(new URL(url))).toEqual(expected);
  });

  it.each(['code', 'state', 'iss', 'error'])('rejects a repeated %s parameter', (name) => {
    expect(() => parseCallbackUrl(`https://app.test/cb?${name}=a&${name}=b`)).toThrow(`repeats the ${name}`);
  });

  it('rejects a parameter given in both query and fragment', () => {
    expect(() => parseCallbackUrl('https://app.test/cb?state=a#state=b')).toThrow('repeats the state');
  });
});
