import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { endpointHref, parseEndpoint } from '../../src/core/endpoint.ts';
import { looksLikeSecretParam } from '../../src/core/sensitiveParams.ts';

describe('parseEndpoint', () => {
  it.each([
    'https://auth.example.com/token',
    'https://auth.example.com/authorize?tenant=x',
    'http://127.0.0.1:8080/token',
    'http://127.1.2.3/token',
    'http://localhost:3000/token',
    'http://[::1]:3000/token',
  ])('accepts %s', (url) => {
    expect(parseEndpoint(url, 'token endpoint').href).toBe(new URL(url).href);
  });

  it.each([
    ['relative', '/token'],
    ['plain http off loopback', 'http://auth.example.com/token'],
    ['http on a look-alike host', 'http://127.0.0.1.evil.example/token'],
    ['another scheme', 'ftp://auth.example.com/token'],
    ['a fragment', 'https://auth.example.com/token#x'],
    ['an empty fragment', 'https://auth.example.com/token#'],
    ['credentials', 'https://user:pw@auth.example.com/token'],
    ['a client secret in the query', 'https://auth.example.com/token?client_secret=s'],
    ['a token in the query', 'https://auth.example.com/token?access_token=t'],
  ])('refuses %s', (_label, url) => {
    expect(() => parseEndpoint(url, 'token endpoint')).toThrow(ConfigurationError);
  });

  it('never quotes the URL in its error', () => {
    expect(() => parseEndpoint('https://auth.example.com/?client_secret=hunter2', 'token endpoint')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});

describe('looksLikeSecretParam', () => {
  it.each(['client_secret', 'CLIENT_SECRET', 'password', 'passwd', 'code_verifier', 'client_assertion', 'access_token', 'refresh_token', 'code', 'token', 'api_key'])(
    '%s is secret',
    (name) => expect(looksLikeSecretParam(name)).toBe(true),
  );
  it.each(['access_type', 'token_access_type', 'prompt', 'audience', 'id_token_hint', 'duration', 'owner', 'tenant'])(
    '%s is not',
    (name) => expect(looksLikeSecretParam(name)).toBe(false),
  );
});

describe('endpointHref (the back channel remembers endpoints that passed)', () => {
  it('gives the checked href, and a URL one policy let pass is still refused under a stricter one, every time', () => {
    expect(endpointHref('https://auth.example.com/token', 'token endpoint')).toBe('https://auth.example.com/token');
    expect(endpointHref('http://auth.example.com/token', 'token endpoint', { allowInsecureHttp: true })).toBe('http://auth.example.com/token');
    for (let i = 0; i < 2; i += 1) {
      expect(() => endpointHref('http://auth.example.com/token', 'token endpoint')).toThrow(ConfigurationError);
      expect(() => endpointHref('https://auth.example.com/token?client_secret=x', 'token endpoint')).toThrow(ConfigurationError);
    }
  });
});
