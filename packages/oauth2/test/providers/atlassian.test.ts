import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atlassian } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CLIENT_ID, CLIENT_SECRET, NOW, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, jsonParams } from './support/wire.ts';

const expectations = { clientAuth: 'post', encoding: 'json' } as const;

describe('atlassian()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(atlassian(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('sends audience=api.atlassian.com, prompt=consent and offline_access', () => {
    const url = authorizationUrl(preset, ['read:jira-work']);
    expect(url.pathname).toBe('/authorize');
    expect(url.searchParams.get('audience')).toBe('api.atlassian.com');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')).toBe('offline_access read:jira-work');
  });

  it('exchanges with a JSON body carrying the client credentials', async () => {
    fake.route('POST /oauth/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'eyJ.at', expires_in: 3600, token_type: 'Bearer', refresh_token: 'eyJ.rt', scope: 'read:jira-work offline_access' },
    });
    expect(await exchange(preset, 'c')).toMatchObject({ token: 'eyJ.at', refreshToken: 'eyJ.rt', expiresAt: NOW + 3_600_000 });
    expect(basicCredentials(fake.requests[0]!)).toBeUndefined();
    expect(jsonParams(fake.requests[0]!)).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('stores the rotated refresh token', async () => {
    fake.route('POST /oauth/token', (request) => checkTokenRequest(request, expectations) ?? { body: { access_token: 'at2', expires_in: 3600, token_type: 'Bearer', refresh_token: 'rt2', scope: 'read:jira-work' } });
    expect(await refresh(preset, { token: 'at', expiresAt: 1, scope: 'read:jira-work', refreshToken: 'rt' })).toMatchObject({ refreshToken: 'rt2' });
    expect(jsonParams(fake.requests[0]!)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt' });
    expect(preset.refreshTokenRotates).toBe(true);
  });

  it('has no revocation endpoint', async () => {
    expect(await revoke(preset, { token: 'at', expiresAt: 0, scope: '', refreshToken: 'rt' })).toBe(0);
  });
});
