import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/errors.ts';
import { discord } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, NOW, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const expectations = { clientAuth: 'basic', codeChallenge: CHALLENGE } as const;

describe('discord()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(discord(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('builds a space-separated S256 authorization URL and names its RFC 9207 issuer', () => {
    const url = authorizationUrl(preset, ['guilds']);
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(url.searchParams.get('scope')).toBe('identify guilds');
    expect(url.searchParams.get('code_challenge')).toBe(CHALLENGE);
    expect(discord().issuer).toBe('https://discord.com');
  });

  it('exchanges with Basic authentication', async () => {
    fake.route('POST /api/oauth2/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'd-at', token_type: 'Bearer', expires_in: 604800, refresh_token: 'd-rt', scope: 'identify guilds' },
    });
    expect(await exchange(preset, 'c')).toEqual({ token: 'd-at', tokenType: 'Bearer', expiresAt: NOW + 604_800_000, refreshToken: 'd-rt', scope: 'identify guilds' });
    expect(basicCredentials(fake.requests[0]!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
  });

  it('turns a 429 with a fractional retry_after body into rate_limited with the wait in ms', async () => {
    fake.route('POST /api/oauth2/token', () => ({
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 1.337, global: false },
    }));
    const error = await exchange(preset, 'c').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1337, status: 429 });
  });

  it('stores the rotated refresh token', async () => {
    fake.route('POST /api/oauth2/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: formParams(request)['refresh_token'] === 'd-rt'
        ? { access_token: 'd-at2', token_type: 'Bearer', expires_in: 604800, refresh_token: 'd-rt2', scope: 'identify' }
        : { error: 'invalid_grant' },
    });
    expect(await refresh(preset, { token: 'd-at', expiresAt: 1, scope: 'identify', refreshToken: 'd-rt' })).toMatchObject({ token: 'd-at2', refreshToken: 'd-rt2' });
    expect(preset.refreshTokenRotates).toBe(true);
  });

  it('revokes both tokens at the RFC 7009 endpoint with Basic authentication', async () => {
    fake.route('POST /api/oauth2/token/revoke', (request) =>
      basicCredentials(request)?.[1] === CLIENT_SECRET ? { status: 200, body: {} } : { status: 401, body: { error: 'invalid_client' } },
    );
    expect(await revoke(preset, { token: 'd-at', expiresAt: 0, scope: '', refreshToken: 'd-rt' })).toBe(2);
    expect(fake.requests.map((r) => formParams(r))).toEqual([
      { token: 'd-rt', token_type_hint: 'refresh_token' },
      { token: 'd-at', token_type_hint: 'access_token' },
    ]);
  });
});
