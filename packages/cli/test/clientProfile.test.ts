import { describe, expect, it } from 'vitest';
import { parseAppCredentials } from '../src/credentials/appCredentials.ts';
import { clientProfile } from '../src/credentials/clientProfile.ts';
import { CliError, UsageError } from '../src/errors.ts';

const base = { id: 'cid', secret: 'csecret', auth_uri: 'https://as.test/authorize', token_uri: 'https://as.test/token' };

describe('client profile from an app file', () => {
  it("without a provider: the file's endpoints, Basic authentication, no extras", () => {
    const profile = clientProfile(parseAppCredentials(base, 'app.json'));
    expect(profile).toMatchObject({
      client: { clientId: 'cid', clientSecret: 'csecret', method: 'client_secret_basic' },
      authorizationEndpoint: 'https://as.test/authorize',
      tokenEndpoint: 'https://as.test/token',
      refreshEndpoint: 'https://as.test/token',
      scopeSeparator: ' ',
      defaultScopes: [],
      extraAuthParams: {},
    });
    expect(profile.issuer).toBeUndefined();
  });

  it("with a provider: the preset's quirks, and the file's URIs win", () => {
    const google = clientProfile(parseAppCredentials({ ...base, provider: 'google' }, 'app.json'));
    expect(google.extraAuthParams).toEqual({ access_type: 'offline', include_granted_scopes: 'true' });
    expect(google.issuer).toBe('https://accounts.google.com');
    expect(google.authorizationEndpoint).toBe('https://as.test/authorize');

    const microsoft = clientProfile(parseAppCredentials({ ...base, provider: 'microsoft', provider_options: { tenant: 'contoso.example' } }, 'app.json'));
    expect(microsoft.client.method).toBe('client_secret_post');
    expect(microsoft.sendScopeOnRefresh).toBe(true);
    expect(microsoft.defaultScopes).toEqual(['offline_access']);
  });

  it('an explicit issuer in the file wins over the preset', () => {
    expect(clientProfile(parseAppCredentials({ ...base, provider: 'google', issuer: 'https://as.test' }, 'a')).issuer).toBe('https://as.test');
  });

  it('refuses unknown providers and bad provider options', () => {
    expect(() => clientProfile(parseAppCredentials({ ...base, provider: 'nope' }, 'a'))).toThrow(UsageError);
    expect(() => clientProfile(parseAppCredentials({ ...base, provider: 'microsoft', provider_options: { tenant: '../x' } }, 'a'))).toThrow(CliError);
  });

  it('keeps a secret exactly as written, spaces included; other fields are trimmed', () => {
    const profile = clientProfile(parseAppCredentials({ ...base, id: ' cid ', secret: '  sp4ced secret\t ' }, 'app.json'));
    expect(profile.client).toMatchObject({ clientId: 'cid', clientSecret: '  sp4ced secret\t ' });
    expect(() => parseAppCredentials({ ...base, secret: '   ' }, 'app.json')).toThrow('app.json: "secret" is empty; fill it in');
  });

  it('names missing or mistyped fields without quoting values', () => {
    expect(() => parseAppCredentials({ ...base, id: undefined }, 'app.json')).toThrow('app.json: "id" is missing');
    expect(() => parseAppCredentials({ ...base, secret: 42 }, 'app.json')).toThrow('app.json: "secret" must be a string');
    expect(() => parseAppCredentials({ ...base, provider_options: 'x' }, 'app.json')).toThrow('"provider_options" must be an object');
  });
});
