import { describe, expect, it } from 'vitest';
import { isUnauthorized } from '../../src/index.ts';

describe('isUnauthorized: what withAccessToken takes as the provider refusing the token', () => {
  it.each([
    ['a Rocket.Chat IHttpResponse with statusCode 401', { result: { statusCode: 401, content: '' } }, true],
    ['a fetch Response with status 401', { result: new Response('', { status: 401 }) }, true],
    ['an error with status 401', { error: Object.assign(new Error('x'), { status: 401 }) }, true],
    ['an error with statusCode 401', { error: { statusCode: 401 } }, true],
    ['an axios-style error (response.status 401)', { error: { response: { status: 401 } } }, true],
    ['a 403 (a refused request, not a refused token)', { result: { statusCode: 403 } }, false],
    ['a fetch Response 200', { result: new Response('{}', { status: 200 }) }, false],
    ['a plain value', { result: 'ok' }, false],
    ['a domain object that happens to have status 401 (only statusCode or a Response count)', { result: { status: 401 } }, false],
    ['an error without a status', { error: new Error('boom') }, false],
    ['undefined', { result: undefined }, false],
  ])('%s', (_name, outcome, expected) => {
    expect(isUnauthorized(outcome)).toBe(expected);
  });
});
