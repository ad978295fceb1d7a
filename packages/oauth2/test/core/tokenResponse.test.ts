import { describe, expect, it } from 'vitest';
import { InvalidResponseError, ProviderError, ReauthorizationRequiredError, TransportError } from '../../src/errors.ts';
import type { RawHttpResponse } from '../../src/core/http.ts';
import { mergeRefreshedToken, parseTokenResponse } from '../../src/core/tokenResponse.ts';

const NOW = 1_700_000_000_000;
const json = (status: number, body: unknown, headers: Record<string, string> = {}): RawHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseTokenResponse: success', () => {
  it.each([
    [{ access_token: 'at', token_type: 'Bearer', expires_in: 3600, scope: 'a b' }, { token: 'at', tokenType: 'Bearer', expiresAt: NOW + 3_600_000, scope: 'a b' }],
    [{ access_token: 'at', token_type: 'bearer' }, { token: 'at', tokenType: 'Bearer', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', token_type: 'BEARER' }, { token: 'at', tokenType: 'Bearer', expiresAt: 0, scope: '' }],
    [{ access_token: 'at' }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', expires_in: '60' }, { token: 'at', expiresAt: NOW + 60_000, scope: '' }],
    [{ access_token: 'at', expires_in: 1.5 }, { token: 'at', expiresAt: NOW + 1500, scope: '' }],
    [{ access_token: 'at', expires_in: 'soon' }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', expires_in: -5 }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', expires_in: 0 }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', expires_in: null }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', expires_in: 1e300 }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', expires_in: '1e3' }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', scope: ['chat:read', 'chat:edit'] }, { token: 'at', expiresAt: 0, scope: 'chat:read chat:edit' }],
    [{ access_token: 'at', scope: ['a', 7, '', 'b'] }, { token: 'at', expiresAt: 0, scope: 'a b' }],
    [{ access_token: 'at', scope: '  a   b ' }, { token: 'at', expiresAt: 0, scope: 'a b' }],
    [{ access_token: 'at', scope: 42 }, { token: 'at', expiresAt: 0, scope: '' }],
    [{ access_token: 'at', refresh_token: 'rt', id_token: 'idt' }, { token: 'at', expiresAt: 0, scope: '', refreshToken: 'rt', idToken: 'idt' }],
    [{ access_token: 'at', refresh_token: '', id_token: 5 }, { token: 'at', expiresAt: 0, scope: '' }],
  ])('%j', (body, expected) => {
    expect(parseTokenResponse(json(200, body), { now: NOW })).toEqual(expected);
  });

  it('accepts any 2xx and a JSON body whatever its content type', () => {
    expect(parseTokenResponse({ status: 201, headers: { 'content-type': 'text/plain' }, body: '{"access_token":"at"}' }, { now: NOW }).token).toBe('at');
  });

  it('falls back to the requested scope when the answer omits it (RFC 6749 §5.1)', () => {
    expect(parseTokenResponse(json(200, { access_token: 'at' }), { now: NOW, requestedScope: 'openid' }).scope).toBe('openid');
    expect(parseTokenResponse(json(200, { access_token: 'at', scope: 'x' }), { now: NOW, requestedScope: 'openid' }).scope).toBe('x');
  });

  it('applies the normalizer before reading', () => {
    const normalize = (r: RawHttpResponse): RawHttpResponse => ({ ...r, body: JSON.stringify(Object.fromEntries(new URLSearchParams(r.body))) });
    const auth = parseTokenResponse({ status: 200, headers: {}, body: 'access_token=at&scope=repo' }, { now: NOW, normalize });
    expect(auth).toEqual({ token: 'at', expiresAt: 0, scope: 'repo' });
  });
});

describe('parseTokenResponse: failures', () => {
  it.each([
    [400, { error: 'invalid_grant', error_description: 'Bad code' }],
    [401, { error: 'invalid_client' }],
    [200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' }],
    [200, { error: 'invalid_scope', access_token: 'at' }],
    [500, { error: 'server_error' }],
  ])('HTTP %s %j is a ProviderError with the status kept', (status, body) => {
    const error = thrown(() => parseTokenResponse(json(status, body), { now: NOW }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).not.toBeInstanceOf(ReauthorizationRequiredError);
    expect(error).toMatchObject({ code: 'provider_error', error: body.error, status });
    if ('error_description' in body) expect((error as ProviderError).error_description).toBe(body.error_description);
  });

  it('invalid_grant on refresh requires reauthorization; other errors on refresh do not', () => {
    expect(thrown(() => parseTokenResponse(json(400, { error: 'invalid_grant' }), { now: NOW, grant: 'refresh_token' }))).toBeInstanceOf(ReauthorizationRequiredError);
    const other = thrown(() => parseTokenResponse(json(401, { error: 'invalid_client' }), { now: NOW, grant: 'refresh_token' }));
    expect(other).not.toBeInstanceOf(ReauthorizationRequiredError);
    expect(thrown(() => parseTokenResponse(json(400, { error: 'invalid_grant' }), { now: NOW, grant: 'authorization_code' }))).not.toBeInstanceOf(ReauthorizationRequiredError);
  });

  it.each([
    ['HTML 200', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' }, 200],
    ['HTML 502', { status: 502, headers: {}, body: '<html>Bad gateway</html>' }, 502],
    ['empty 200', { status: 200, headers: {}, body: '' }, 200],
    ['JSON array', json(200, [{ access_token: 'at' }]), 200],
    ['JSON string', json(200, '"at"'), 200],
    ['JSON null', json(200, 'null'), 200],
    ['missing access_token', json(200, { token_type: 'bearer' }), 200],
    ['empty access_token', json(200, { access_token: '' }), 200],
    ['numeric access_token', json(200, { access_token: 12345 }), 200],
    ['4xx JSON without error', json(403, { message: 'forbidden' }), 403],
    ['3xx redirect', { status: 302, headers: { location: 'https://x' }, body: '' }, 302],
    ['2xx with a non-bearer token type', json(200, { access_token: 'at', token_type: 'DPoP' }), 200],
    ['2xx with a numeric token type', json(200, { access_token: 'at', token_type: 1 }), 200],
  ])('%s is an InvalidResponseError', (_label, response, status) => {
    const error = thrown(() => parseTokenResponse(response, { now: NOW }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).status).toBe(status);
  });

  it('429 is rate_limited with the wait, the OAuth error as cause', () => {
    const error = thrown(() => parseTokenResponse(json(429, { error: 'slow_down' }, { 'retry-after': '7' }), { now: NOW }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000, status: 429 });
    expect((error as Error).cause).toBeInstanceOf(ProviderError);
    const discord = thrown(() => parseTokenResponse(json(429, { message: 'rate limited', retry_after: 1.25, global: false }), { now: NOW }));
    expect(discord).toMatchObject({ code: 'rate_limited', retryAfterMs: 1250 });
  });

  it('never puts the body in a message', () => {
    const secret = 'SECRET-ACCESS-TOKEN-VALUE';
    const responses: RawHttpResponse[] = [
      json(200, { access_token: secret, token_type: 'mac' }),
      json(200, { refresh_token: secret }),
      json(400, { error: 'invalid_request', error_description: `bad ${secret}` }),
      { status: 500, headers: {}, body: `<pre>${secret}</pre>` },
      json(429, { token: secret }),
    ];
    for (const response of responses) {
      const error = thrown(() => parseTokenResponse(response, { now: NOW })) as Error;
      expect(error.message).not.toContain(secret);
    }
  });
});

describe('mergeRefreshedToken (SECURITY 18)', () => {
  const previous = { token: 'old', expiresAt: 1, scope: 'a b', refreshToken: 'rt-old', idToken: 'id-old', tokenType: 'Bearer' };

  it.each([
    ['rotated refresh token replaces', { token: 'new', expiresAt: 2, scope: 'a', refreshToken: 'rt-new' }, { token: 'new', expiresAt: 2, scope: 'a', refreshToken: 'rt-new', idToken: 'id-old', tokenType: 'Bearer' }],
    ['missing refresh token keeps the old one', { token: 'new', expiresAt: 2, scope: 'a' }, { token: 'new', expiresAt: 2, scope: 'a', refreshToken: 'rt-old', idToken: 'id-old', tokenType: 'Bearer' }],
    ['re-issued id token replaces', { token: 'new', expiresAt: 2, scope: 'a', idToken: 'id-new' }, { token: 'new', expiresAt: 2, scope: 'a', refreshToken: 'rt-old', idToken: 'id-new', tokenType: 'Bearer' }],
    ['missing scope keeps the granted one', { token: 'new', expiresAt: 0, scope: '' }, { token: 'new', expiresAt: 0, scope: 'a b', refreshToken: 'rt-old', idToken: 'id-old', tokenType: 'Bearer' }],
  ])('%s', (_label, fresh, expected) => {
    expect(mergeRefreshedToken(previous, fresh)).toEqual(expected);
  });

  it('adds nothing the previous token lacked', () => {
    expect(mergeRefreshedToken({ token: 'a', expiresAt: 0, scope: '' }, { token: 'b', expiresAt: 0, scope: '' })).toEqual({ token: 'b', expiresAt: 0, scope: '' });
  });
});
