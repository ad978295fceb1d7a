import { describe, expect, it } from 'vitest';
import type { RawHttpResponse } from '../../src/core/http.ts';
import { normalizers } from '../../src/providers/index.ts';

const json = (status: number, body: unknown): RawHttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const bodyOf = (r: RawHttpResponse) => JSON.parse(r.body) as unknown;

describe('normalizers leave answers they do not recognise untouched', () => {
  const untouched: RawHttpResponse[] = [
    json(200, { access_token: 'a', scope: 'a b', token_type: 'Bearer' }),
    { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>access_token=x</html>' },
    { status: 502, headers: {}, body: '' },
    json(200, ['not', 'an', 'object']),
  ];
  const all = {
    formBodyToJson: normalizers.formBodyToJson,
    errorBodyMeansFailure: normalizers.errorBodyMeansFailure,
    okFalseToError: normalizers.okFalseToError,
    liftNestedToken: normalizers.liftNestedToken('authed_user'),
    tokenTypeAliases: normalizers.tokenTypeAliases(['bot']),
    commaScopesToSpaces: normalizers.commaScopesToSpaces,
    messageToOAuthError: normalizers.messageToOAuthError({ 'invalid refresh token': 'invalid_grant' }),
    errorsMeanRevoked: normalizers.errorsMeanRevoked(['invalid_token']),
  };
  it.each(Object.entries(all))('%s', (_name, normalize) => {
    for (const response of untouched) expect(normalize(response)).toBe(response);
  });
});

describe('each normalizer', () => {
  it('formBodyToJson converts only a declared form body', () => {
    const form = { status: 200, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'access_token=a&scope=repo%2Cgist' };
    expect(bodyOf(normalizers.formBodyToJson(form))).toEqual({ access_token: 'a', scope: 'repo,gist' });
    expect(normalizers.formBodyToJson({ ...form, headers: { 'content-type': 'text/plain' } })).toEqual({ ...form, headers: { 'content-type': 'text/plain' } });
  });

  it('errorBodyMeansFailure gives a 2xx error answer status 400 and keeps non-2xx statuses', () => {
    expect(normalizers.errorBodyMeansFailure(json(200, { error: 'x' })).status).toBe(400);
    expect(normalizers.errorBodyMeansFailure(json(401, { error: 'x' })).status).toBe(401);
  });

  it('okFalseToError fills in a missing error code', () => {
    const out = normalizers.okFalseToError(json(200, { ok: false }));
    expect([out.status, bodyOf(out)]).toEqual([400, { ok: false, error: 'unknown_error' }]);
  });

  it('liftNestedToken drops every top-level token field', () => {
    const out = normalizers.liftNestedToken('authed_user')(json(200, { ok: true, access_token: 'bot', refresh_token: 'bot-rt', expires_in: 5, scope: 'bot', authed_user: { access_token: 'user' } }));
    expect(bodyOf(out)).toEqual({ ok: true, access_token: 'user', authed_user: { access_token: 'user' } });
  });

  it('tokenTypeAliases only renames listed types, case-insensitively', () => {
    expect(bodyOf(normalizers.tokenTypeAliases(['bot'])(json(200, { token_type: 'BOT' })))).toEqual({ token_type: 'Bearer' });
    expect(bodyOf(normalizers.tokenTypeAliases(['bot'])(json(200, { token_type: 'mac' })))).toEqual({ token_type: 'mac' });
  });

  it('commaScopesToSpaces splits on commas and stray spaces', () => {
    expect(bodyOf(normalizers.commaScopesToSpaces(json(200, { scope: 'a, b,,c' })))).toEqual({ scope: 'a b c' });
  });

  it('messageToOAuthError only rewrites failures, mapping known messages', () => {
    const map = normalizers.messageToOAuthError({ 'invalid refresh token': 'invalid_grant' });
    expect(bodyOf(map(json(400, { status: 400, message: 'Invalid Refresh Token ' })))).toMatchObject({ error: 'invalid_grant', error_description: 'Invalid Refresh Token ' });
    expect(bodyOf(map(json(400, { error: 'Bad Request', message: 'other' })))).toMatchObject({ error: 'Bad Request', error_description: 'other' });
    expect(map(json(200, { message: 'Invalid refresh token' }))).toEqual(json(200, { message: 'Invalid refresh token' }));
  });

  it('errorsMeanRevoked turns only the listed errors into success', () => {
    const revoked = normalizers.errorsMeanRevoked(['invalid_token']);
    expect(revoked(json(400, { error: 'invalid_token' }))).toMatchObject({ status: 200, body: '' });
    expect(revoked(json(401, { error: 'invalid_client' })).status).toBe(401);
  });

  it('compose applies left to right', () => {
    const both = normalizers.compose(normalizers.formBodyToJson, normalizers.commaScopesToSpaces);
    const out = both({ status: 200, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'access_token=a&scope=a%2Cb' });
    expect(bodyOf(out)).toEqual({ access_token: 'a', scope: 'a b' });
  });
});
