import { describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidResponseError, ProviderError, TransportError } from '../../src/errors.ts';
import { basicAuthorization, type ClientCredentials } from '../../src/core/clientAuth.ts';
import { buildRevocationRequests, parseRevocationResponse } from '../../src/core/revocation.ts';

const basic: ClientCredentials = { clientId: 'id', clientSecret: 'sec', method: 'client_secret_basic' };
const post: ClientCredentials = { clientId: 'id', clientSecret: 'sec', method: 'client_secret_post' };
const form = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body ?? ''));

describe('buildRevocationRequests', () => {
  it('rfc7009: refresh token first, then the access token, each with its hint and client authentication', () => {
    const requests = buildRevocationRequests({
      revocation: { style: 'rfc7009', endpoint: 'https://auth.example.com/revoke' },
      accessToken: 'at',
      refreshToken: 'rt',
      client: basic,
    });
    expect(requests.map((r) => [r.method, r.url, form(r.body)])).toEqual([
      ['POST', 'https://auth.example.com/revoke', { token: 'rt', token_type_hint: 'refresh_token' }],
      ['POST', 'https://auth.example.com/revoke', { token: 'at', token_type_hint: 'access_token' }],
    ]);
    for (const request of requests) {
      expect(request.headers).toMatchObject({ Authorization: basicAuthorization('id', 'sec'), 'Content-Type': 'application/x-www-form-urlencoded' });
    }
  });

  it('rfc7009: only the access token when there is no refresh token; client_secret_post in the body', () => {
    const requests = buildRevocationRequests({ revocation: { style: 'rfc7009', endpoint: 'https://a.example/revoke' }, accessToken: 'at', client: post });
    expect(requests).toHaveLength(1);
    expect(form(requests[0]?.body)).toEqual({ token: 'at', token_type_hint: 'access_token', client_id: 'id', client_secret: 'sec' });
    expect(requests[0]?.headers).not.toHaveProperty('Authorization');
  });

  it('rfc7009 with JSON encoding and extra headers', () => {
    const [request] = buildRevocationRequests({
      revocation: { style: 'rfc7009', endpoint: 'https://a.example/revoke' },
      accessToken: 'at',
      client: basic,
      encoding: 'json',
      headers: { 'Notion-Version': '2022-06-28' },
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({ token: 'at', token_type_hint: 'access_token' });
    expect(request?.headers).toMatchObject({ 'Content-Type': 'application/json', 'Notion-Version': '2022-06-28' });
  });

  it('github: DELETE on the client_id URL with a JSON access_token and Basic credentials', () => {
    const requests = buildRevocationRequests({
      revocation: { style: 'github', endpoint: 'https://api.github.com/applications/{client_id}/token' },
      accessToken: 'gho_x',
      refreshToken: 'ghr_x',
      client: { clientId: 'Iv1.a/b', clientSecret: 'sec', method: 'client_secret_post' },
      headers: { 'User-Agent': 'plugboard' },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      method: 'DELETE',
      url: 'https://api.github.com/applications/Iv1.a%2Fb/token',
      headers: { 'User-Agent': 'plugboard', Accept: 'application/json', 'Content-Type': 'application/json', Authorization: basicAuthorization('Iv1.a/b', 'sec') },
      body: '{"access_token":"gho_x"}',
    });
  });

  it('github needs the client secret', () => {
    expect(() =>
      buildRevocationRequests({ revocation: { style: 'github', endpoint: 'https://api.github.com/applications/{client_id}/token' }, accessToken: 'a', client: { clientId: 'id', method: 'none' } }),
    ).toThrow(ConfigurationError);
  });

  it.each(['bearer', 'slack'] as const)('%s: POST authenticated by the token itself, no body, no client secret', (style) => {
    const requests = buildRevocationRequests({ revocation: { style, endpoint: 'https://api.example.com/revoke' }, accessToken: 'tok', refreshToken: 'rt', client: basic });
    expect(requests).toEqual([{ method: 'POST', url: 'https://api.example.com/revoke', headers: { Accept: 'application/json', Authorization: 'Bearer tok' } }]);
  });

  it('none: nothing to call', () => {
    expect(buildRevocationRequests({ revocation: { style: 'none' }, accessToken: 'at', client: basic })).toEqual([]);
  });

  it('never puts a token in the URL', () => {
    for (const style of ['rfc7009', 'github', 'bearer', 'slack'] as const) {
      for (const request of buildRevocationRequests({ revocation: { style, endpoint: 'https://a.example/r/{client_id}' }, accessToken: 'TOKEN', refreshToken: 'REFRESH', client: basic })) {
        expect(request.url).not.toMatch(/TOKEN|REFRESH/);
      }
    }
  });

  it('refuses an empty access token and an insecure endpoint', () => {
    expect(() => buildRevocationRequests({ revocation: { style: 'rfc7009', endpoint: 'https://a.example/r' }, accessToken: '', client: basic })).toThrow(ConfigurationError);
    expect(() => buildRevocationRequests({ revocation: { style: 'bearer', endpoint: 'http://a.example/r' }, accessToken: 'a', client: basic })).toThrow(ConfigurationError);
  });
});

describe('parseRevocationResponse', () => {
  it.each([
    [200, ''],
    [200, '{}'],
    [204, ''],
    [200, '{"ok":true,"revoked":true}'],
    [200, 'null'],
  ])('HTTP %s %s is done (RFC 7009 §2.2)', (status, body) => {
    expect(() => parseRevocationResponse({ status, headers: {}, body })).not.toThrow();
  });

  it.each([
    [400, '{"error":"unsupported_token_type"}', ProviderError],
    [401, '{"error":"invalid_client"}', ProviderError],
    [200, '{"ok":false,"error":"invalid_auth"}', ProviderError],
    [200, '{"ok":false}', ProviderError],
    [200, '{"error":"bad_request"}', ProviderError],
    [404, '<html>Not found</html>', InvalidResponseError],
    [503, '', InvalidResponseError],
    [429, '', TransportError],
  ])('HTTP %s %s throws', (status, body, type) => {
    expect(() => parseRevocationResponse({ status, headers: {}, body })).toThrow(type);
  });

  it('Slack ok:false keeps the error code', () => {
    expect(() => parseRevocationResponse({ status: 200, headers: {}, body: '{"ok":false,"error":"token_revoked"}' })).toThrow(
      expect.objectContaining({ error: 'token_revoked', status: 200 }),
    );
  });

  it('applies the normalizer', () => {
    const normalize = () => ({ status: 200, headers: {}, body: '' });
    expect(() => parseRevocationResponse({ status: 500, headers: {}, body: '' }, normalize)).not.toThrow();
  });

  it('429 honours Retry-After when given a clock', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(() => parseRevocationResponse({ status: 429, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, body: '' }, undefined, now)).toThrow(
      expect.objectContaining({ retryAfterMs: 10_000 }),
    );
  });
});

describe('rfc7009 variants', () => {
  it('leaves out token_type_hint when asked', () => {
    const requests = buildRevocationRequests({
      revocation: { style: 'rfc7009', endpoint: 'https://a.example/revoke', tokenTypeHint: false },
      accessToken: 'at',
      refreshToken: 'rt',
      client: post,
    });
    expect(requests.map((r) => form(r.body))).toEqual([
      { token: 'rt', client_id: 'id', client_secret: 'sec' },
      { token: 'at', client_id: 'id', client_secret: 'sec' },
    ]);
  });

  it('revokes only the access token when the provider documents only that', () => {
    const requests = buildRevocationRequests({
      revocation: { style: 'rfc7009', endpoint: 'https://a.example/revoke', tokens: 'access' },
      accessToken: 'at',
      refreshToken: 'rt',
      client: basic,
    });
    expect(requests.map((r) => form(r.body))).toEqual([{ token: 'at', token_type_hint: 'access_token' }]);
  });
});
