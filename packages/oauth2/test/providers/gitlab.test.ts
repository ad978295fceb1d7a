import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { gitlab } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const expectations = { clientAuth: 'basic', codeChallenge: CHALLENGE } as const;

describe('gitlab()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    // A self-managed instance under a path, pointed at the fake.
    preset = pointAt(gitlab({ baseUrl: 'https://git.example.com/gitlab/' }), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('derives every endpoint from the base URL', () => {
    const self = gitlab({ baseUrl: 'https://git.example.com/gitlab/' });
    expect([self.authorizationEndpoint, self.tokenEndpoint, self.revocation.style === 'rfc7009' && self.revocation.endpoint, self.issuer]).toEqual([
      'https://git.example.com/gitlab/oauth/authorize',
      'https://git.example.com/gitlab/oauth/token',
      'https://git.example.com/gitlab/oauth/revoke',
      'https://git.example.com/gitlab',
    ]);
    expect(gitlab().tokenEndpoint).toBe('https://gitlab.com/oauth/token');
    expect(authorizationUrl(preset, ['read_user']).pathname).toBe('/gitlab/oauth/authorize');
  });

  it.each(['http://git.example.com', 'git.example.com', 'https://git.example.com/?x=1', 'https://u:p@git.example.com', 42])('refuses the base URL %j', (baseUrl) => {
    expect(() => gitlab({ baseUrl } as never)).toThrow(ConfigurationError);
  });

  it('exchanges with Basic authentication and rotates the refresh token', async () => {
    fake.route('POST /gitlab/oauth/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'glpat', token_type: 'Bearer', expires_in: 7200, refresh_token: formParams(request)['grant_type'] === 'refresh_token' ? 'rt2' : 'rt1', scope: 'read_user', created_at: 1 },
    });
    const auth = await exchange(preset, 'c');
    expect(basicCredentials(fake.requests[0]!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
    expect((await refresh(preset, auth)).refreshToken).toBe('rt2');
  });

  it('revokes both tokens at /oauth/revoke', async () => {
    fake.route('POST /gitlab/oauth/revoke', (request) => (basicCredentials(request) ? { body: {} } : { status: 401, body: { error: 'invalid_client' } }));
    expect(await revoke(preset, { token: 'at', expiresAt: 0, scope: '', refreshToken: 'rt' })).toBe(2);
  });
});
