import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { basicAuthorization, type ClientCredentials } from '../../src/core/clientAuth.ts';
import { buildCodeExchangeRequest, buildRefreshRequest } from '../../src/core/tokenRequest.ts';

const basic: ClientCredentials = { clientId: 'id', clientSecret: 's e:c%', method: 'client_secret_basic' };
const post: ClientCredentials = { clientId: 'id', clientSecret: 's e:c%', method: 'client_secret_post' };
const none: ClientCredentials = { clientId: 'id', method: 'none' };
const exchange = {
  tokenEndpoint: 'https://auth.example.com/token',
  code: 'the-code',
  redirectUri: 'https://chat.example.com/cb?a=1',
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
};

function form(body: string | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body ?? ''));
}

describe('buildCodeExchangeRequest (RFC 6749 §4.1.3, RFC 7636 §4.5)', () => {
  it('POSTs a form with the code, redirect URI and verifier; Basic authentication', () => {
    const request = buildCodeExchangeRequest({ ...exchange, client: basic });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://auth.example.com/token');
    expect(request.headers).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: basicAuthorization('id', 's e:c%'),
    });
    expect(form(request.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://chat.example.com/cb?a=1',
      code_verifier: exchange.codeVerifier,
    });
  });

  it.each([
    [post, { client_id: 'id', client_secret: 's e:c%' }],
    [none, { client_id: 'id' }],
  ])('%o puts the client in the body and sends no Authorization header', (client, expected) => {
    const request = buildCodeExchangeRequest({ ...exchange, client });
    expect(request.headers).not.toHaveProperty('Authorization');
    expect(form(request.body)).toMatchObject(expected);
  });

  it('never puts anything secret in the URL', () => {
    for (const client of [basic, post, none]) {
      const url = new URL(buildCodeExchangeRequest({ ...exchange, client }).url);
      expect(url.search).toBe('');
    }
  });

  it('encodes JSON when asked (Notion)', () => {
    const request = buildCodeExchangeRequest({ ...exchange, client: basic, encoding: 'json' });
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(request.body ?? '')).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://chat.example.com/cb?a=1',
      code_verifier: exchange.codeVerifier,
    });
  });

  it('adds preset headers; Accept may be replaced, authentication may not', () => {
    const request = buildCodeExchangeRequest({ ...exchange, client: basic, headers: { 'User-Agent': 'ua/1', accept: 'application/vnd+json' } });
    expect(request.headers['User-Agent']).toBe('ua/1');
    expect(request.headers['accept']).toBe('application/vnd+json');
    expect(request.headers).not.toHaveProperty('Accept');
    for (const name of ['Authorization', 'authorization', 'Content-Type', 'Host', 'Cookie']) {
      expect(() => buildCodeExchangeRequest({ ...exchange, client: basic, headers: { [name]: 'x' } })).toThrow(ConfigurationError);
    }
    expect(() => buildCodeExchangeRequest({ ...exchange, client: basic, headers: { 'X-A': 'a\r\nB: c' } })).toThrow(ConfigurationError);
  });

  it.each([
    ['code', { code: '' }],
    ['redirect URI', { redirectUri: '' }],
    ['verifier', { codeVerifier: '' }],
    ['https endpoint', { tokenEndpoint: 'http://auth.example.com/token' }],
    ['secret-free endpoint', { tokenEndpoint: 'https://auth.example.com/token?client_secret=x' }],
  ])('requires a %s', (_label, override) => {
    expect(() => buildCodeExchangeRequest({ ...exchange, client: basic, ...override })).toThrow(ConfigurationError);
  });
});

describe('buildRefreshRequest (RFC 6749 §6)', () => {
  const refresh = { tokenEndpoint: 'https://auth.example.com/token', refreshToken: 'rt-1' };

  it('sends grant_type and refresh_token, no scope by default', () => {
    const request = buildRefreshRequest({ ...refresh, client: basic });
    expect(request.method).toBe('POST');
    expect(form(request.body)).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
    expect(request.headers['Authorization']).toBe(basicAuthorization('id', 's e:c%'));
  });

  it.each([
    [{ scopes: ['a', 'b', 'a'] }, 'a b'],
    [{ scopes: ['a', 'b'], scopeSeparator: ',' }, 'a,b'],
    [{ scopes: [] }, undefined],
  ])('scope for %j is %s', (override, expected) => {
    expect(form(buildRefreshRequest({ ...refresh, client: post, ...override }).body)['scope']).toBe(expected);
  });

  it('uses client_secret_post when asked', () => {
    expect(form(buildRefreshRequest({ ...refresh, client: post }).body)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'id',
      client_secret: 's e:c%',
    });
  });

  it('requires the refresh token', () => {
    expect(() => buildRefreshRequest({ ...refresh, refreshToken: '', client: basic })).toThrow(ConfigurationError);
  });
});
