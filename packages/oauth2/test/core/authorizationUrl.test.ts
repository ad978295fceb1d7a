import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { buildAuthorizationUrl, type AuthorizationUrlInput } from '../../src/core/authorizationUrl.ts';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const base: AuthorizationUrlInput = {
  authorizationEndpoint: 'https://auth.example.com/authorize',
  clientId: 'client 1',
  redirectUri: 'https://chat.example.com/api/apps/public/app/google-callback?x=1&y=%20',
  scopes: ['openid', 'email'],
  state: 'state-123',
  codeChallenge: CHALLENGE,
};

function entries(url: URL): Array<[string, string]> {
  return [...url.searchParams.entries()];
}

describe('buildAuthorizationUrl', () => {
  it('sets exactly the protocol parameters, in order', () => {
    expect(entries(buildAuthorizationUrl(base))).toEqual([
      ['response_type', 'code'],
      ['client_id', 'client 1'],
      ['redirect_uri', base.redirectUri],
      ['scope', 'openid email'],
      ['state', 'state-123'],
      ['code_challenge', CHALLENGE],
      ['code_challenge_method', 'S256'],
    ]);
  });

  it('keeps the redirect URI byte-identical (SECURITY 4)', () => {
    expect(buildAuthorizationUrl(base).searchParams.get('redirect_uri')).toBe(base.redirectUri);
  });

  it.each([
    [{ scopes: [] }, null],
    [{ scopes: ['  ', ''] }, null],
    [{ scopes: ['repo', 'user', 'repo'], scopeSeparator: ',' }, 'repo,user'],
    [{ scopes: ['a b', 'b', ' c '] }, 'a b c'],
  ])('scope for %j is %s', (override, expected) => {
    expect(buildAuthorizationUrl({ ...base, ...override }).searchParams.get('scope')).toBe(expected);
  });

  it('adds nonce when given', () => {
    expect(buildAuthorizationUrl({ ...base, nonce: 'n-1' }).searchParams.get('nonce')).toBe('n-1');
    expect(buildAuthorizationUrl({ ...base, nonce: '' }).searchParams.has('nonce')).toBe(false);
  });

  it('appends extra parameters and keeps those already on the endpoint', () => {
    const url = buildAuthorizationUrl({
      ...base,
      authorizationEndpoint: 'https://auth.example.com/authorize?tenant=abc',
      extraParams: { access_type: 'offline', prompt: 'consent', token_access_type: 'offline' },
    });
    expect(url.origin + url.pathname).toBe('https://auth.example.com/authorize');
    expect(url.searchParams.get('tenant')).toBe('abc');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('token_access_type')).toBe('offline');
  });

  it.each([
    'response_type',
    'client_id',
    'redirect_uri',
    'scope',
    'state',
    'code_challenge',
    'code_challenge_method',
    'nonce',
    'client_secret',
    'my_client_secret',
    'password',
    'code_verifier',
    'access_token',
  ])('refuses the extra parameter %s', (name) => {
    expect(() => buildAuthorizationUrl({ ...base, extraParams: { [name]: 'x' } })).toThrow(ConfigurationError);
  });

  it('never sends a parameter twice, even one already on the endpoint', () => {
    for (const endpoint of ['https://a.example/authorize?state=x', 'https://a.example/authorize?response_type=token', 'https://a.example/authorize?prompt=none']) {
      expect(() => buildAuthorizationUrl({ ...base, authorizationEndpoint: endpoint, extraParams: { prompt: 'consent' } })).toThrow(ConfigurationError);
    }
  });

  it('every parameter appears once', () => {
    const url = buildAuthorizationUrl({ ...base, nonce: 'n', extraParams: { prompt: 'consent' } });
    const names = [...url.searchParams.keys()];
    expect(new Set(names).size).toBe(names.length);
  });

  it.each([
    ['an http endpoint off loopback', { authorizationEndpoint: 'http://auth.example.com/authorize' }],
    ['a secret on the endpoint', { authorizationEndpoint: 'https://auth.example.com/authorize?client_secret=s' }],
    ['an empty client id', { clientId: '' }],
    ['a relative redirect URI', { redirectUri: '/callback' }],
    ['a redirect URI with a fragment', { redirectUri: 'https://chat.example.com/cb#x' }],
    ['an empty state', { state: '' }],
    ['a plain challenge (the verifier itself)', { codeChallenge: 'short' }],
    ['a challenge of the wrong length', { codeChallenge: `${CHALLENGE}A` }],
  ])('refuses %s', (_label, override) => {
    expect(() => buildAuthorizationUrl({ ...base, ...override })).toThrow(ConfigurationError);
  });
});

describe('scopeParameter', () => {
  it('puts the scopes under another name (Slack user_scope)', () => {
    const url = buildAuthorizationUrl({ ...base, scopes: ['a', 'b'], scopeSeparator: ',', scopeParameter: 'user_scope' });
    expect(url.searchParams.get('user_scope')).toBe('a,b');
    expect(url.searchParams.has('scope')).toBe(false);
  });

  it.each(['state', 'client_secret', 'redirect_uri'])('refuses %s as the scope parameter', (name) => {
    expect(() => buildAuthorizationUrl({ ...base, scopeParameter: name })).toThrow(ConfigurationError);
  });
});
