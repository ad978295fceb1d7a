import { describe, expect, it } from 'vitest';
import { assertSafeEndpoint } from '../../src/client/endpointPolicy.ts';
import { buildProfile } from '../../src/client/profile.ts';
import { ConfigurationError } from '../../src/errors.ts';

describe('endpoint policy (SECURITY 14, issue 4 transport hardening)', () => {
  it.each([
    ['https://as.example/token', false, true],
    ['http://127.0.0.1:9000/token', false, true],
    ['http://localhost/token', false, true],
    ['http://[::1]:80/token', false, true],
    ['http://as.example/token', false, false],
    ['http://as.example/token', true, true],
    ['https://user:pw@as.example/token', false, false],
    ['https://as.example/token#frag', false, false],
    ['ftp://as.example/token', true, false],
    ['/relative', false, false],
  ])('%s (insecure allowed: %s) -> accepted %s', (url, allow, accepted) => {
    const check = () => assertSafeEndpoint('accessTokenUri', url, allow);
    if (accepted) expect(check()).toBe(url);
    else expect(check).toThrow(ConfigurationError);
  });
});

describe('options', () => {
  it('applies the defaults of the issue', () => {
    const profile = buildProfile({ alias: 'google' });
    expect(profile).toMatchObject({ clientAuthMethod: 'client_secret_basic', refreshWindowMs: 60_000, stateTtlMs: 600_000, timeoutMs: 10_000, scopeSeparator: ' ' });
  });

  it.each(['', 'has space', 'a/b', '../x', 'x'.repeat(65)])('refuses alias %j', (alias) => {
    expect(() => buildProfile({ alias })).toThrow(ConfigurationError);
  });

  it('refuses nonsense numbers', () => {
    expect(() => buildProfile({ alias: 'a', timeoutMs: -1 })).toThrow(ConfigurationError);
    expect(() => buildProfile({ alias: 'a', stateTtlSeconds: 0 })).toThrow(ConfigurationError);
  });

  it('de-duplicates default scopes', () => {
    expect(buildProfile({ alias: 'a', defaultScopes: ['openid', 'email', 'openid'] }).defaultScopes).toEqual(['openid', 'email']);
  });
});
