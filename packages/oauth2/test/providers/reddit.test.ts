import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError, ProviderError } from '../../src/errors.ts';
import { reddit } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CLIENT_ID, CLIENT_SECRET, NOW, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const USER_AGENT = 'web:com.example.plugboard:v1.0.0 (by /u/example)';
// Reddit throttles generic agents and requires Basic client credentials.
const reject = (status: number, error: string) => (status === 401 ? { status, body: { message: 'Unauthorized', error: 401 } } : { status: 200, body: { error } });
const expectations = { clientAuth: 'basic', headers: { 'user-agent': USER_AGENT }, reject } as const;

describe('reddit()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(reddit({ userAgent: USER_AGENT }), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('asks for duration=permanent', () => {
    const url = authorizationUrl(preset, ['read']);
    expect(url.pathname).toBe('/api/v1/authorize');
    expect(url.searchParams.get('duration')).toBe('permanent');
    expect(url.searchParams.get('scope')).toBe('identity read');
  });

  it('exchanges with Basic authentication and the app User-Agent', async () => {
    fake.route('POST /api/v1/access_token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'eyJ.r', token_type: 'bearer', expires_in: 86400, refresh_token: 'r-rt', scope: 'identity read' },
    });
    expect(await exchange(preset, 'c')).toEqual({ token: 'eyJ.r', tokenType: 'Bearer', expiresAt: NOW + 86_400_000, refreshToken: 'r-rt', scope: 'identity read' });
    expect(fake.requests[0]!.headers['user-agent']).toBe(USER_AGENT);
    expect(basicCredentials(fake.requests[0]!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
  });

  it('an error with HTTP 200 fails with a failure status', async () => {
    fake.route('POST /api/v1/access_token', () => ({ status: 200, body: { error: 'invalid_grant' } }));
    const error = await refresh(preset, { token: 'a', expiresAt: 1, scope: '', refreshToken: 'gone' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'reauthorization_required', status: 400 });
  });

  it('the refresh token does not rotate', async () => {
    fake.route('POST /api/v1/access_token', (request) => checkTokenRequest(request, expectations) ?? { body: { access_token: 'new', token_type: 'bearer', expires_in: 86400, scope: 'identity' } });
    expect(await refresh(preset, { token: 'a', expiresAt: 1, scope: 'identity', refreshToken: 'r-rt' })).toMatchObject({ token: 'new', refreshToken: 'r-rt' });
    expect(formParams(fake.requests[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: 'r-rt' });
  });

  it('revokes both tokens at revoke_token with Basic authentication and the User-Agent', async () => {
    fake.route('POST /api/v1/revoke_token', (request) => (request.headers['user-agent'] === USER_AGENT && basicCredentials(request) ? { status: 204 } : { status: 429 }));
    expect(await revoke(preset, { token: 'a', expiresAt: 0, scope: '', refreshToken: 'r' })).toBe(2);
  });

  it.each([undefined, {}, { userAgent: '' }, { userAgent: 'short' }, { userAgent: 'node-fetch/1.0 whatever' }, { userAgent: 'axios/1.7.2 (bot)' }, { userAgent: 'my app\r\nX-Injected: 1' }])(
    'refuses the options %j',
    (options) => {
      expect(() => reddit(options as never)).toThrow(ConfigurationError);
    },
  );
});
