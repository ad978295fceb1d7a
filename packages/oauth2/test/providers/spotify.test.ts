import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidResponseError } from '../../src/errors.ts';
import { spotify } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CLIENT_ID, CLIENT_SECRET, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials } from './support/wire.ts';

const expectations = { clientAuth: 'basic' } as const;

describe('spotify()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(spotify(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('builds the authorization URL with space-separated scopes', () => {
    const url = authorizationUrl(preset, ['user-read-email', 'playlist-read-private']);
    expect(url.pathname).toBe('/authorize');
    expect(url.searchParams.get('scope')).toBe('user-read-email playlist-read-private');
  });

  it('exchanges with Basic authentication', async () => {
    fake.route('POST /api/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'BQ', token_type: 'Bearer', scope: 'user-read-email', expires_in: 3600, refresh_token: 'AQ' },
    });
    expect(await exchange(preset, 'c')).toMatchObject({ token: 'BQ', refreshToken: 'AQ' });
    expect(basicCredentials(fake.requests[0]!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
  });

  it('keeps the refresh token when a refresh does not return one', async () => {
    fake.route('POST /api/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'BQ2', token_type: 'Bearer', scope: 'user-read-email', expires_in: 3600 },
    });
    expect(await refresh(preset, { token: 'BQ', expiresAt: 1, scope: 'user-read-email', refreshToken: 'AQ' })).toMatchObject({ token: 'BQ2', refreshToken: 'AQ' });
  });

  it('an HTML error page is an InvalidResponseError, never a token', async () => {
    fake.route('POST /api/token', () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>upstream error</html>' }));
    await expect(exchange(preset, 'c')).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('has no revocation endpoint', async () => {
    expect(await revoke(preset, { token: 'BQ', expiresAt: 0, scope: '' })).toBe(0);
  });
});
