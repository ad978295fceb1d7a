import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { microsoft } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const expectations = { clientAuth: 'post', codeChallenge: CHALLENGE } as const;

describe('microsoft()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(microsoft({ tenant: TENANT }), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('puts the tenant in the path and asks for offline_access', () => {
    const url = authorizationUrl(preset, ['User.Read']);
    expect(url.pathname).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('scope')).toBe('offline_access User.Read');
    expect(microsoft().authorizationEndpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
  });

  it('names an issuer only for a tenant GUID (common is a {tenantid} template)', () => {
    expect(microsoft({ tenant: TENANT }).issuer).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
    expect(microsoft().issuer).toBeUndefined();
    expect(microsoft({ tenant: 'contoso.onmicrosoft.com' }).issuer).toBeUndefined();
  });

  it.each(['../common', 'a/b', 'x?y=1', '', 'tenant#'])('refuses the tenant %j', (tenant) => {
    expect(() => microsoft({ tenant })).toThrow(ConfigurationError);
  });

  it('exchanges with the client secret in the body; offline_access is not echoed back', async () => {
    fake.route(`POST /${TENANT}/oauth2/v2.0/token`, (request) => checkTokenRequest(request, expectations) ?? {
      body: { token_type: 'Bearer', scope: 'User.Read profile openid email', expires_in: 4778, ext_expires_in: 4778, access_token: 'eyJ0.at', refresh_token: 'M.rt' },
    });
    expect(await exchange(preset, 'c')).toMatchObject({ token: 'eyJ0.at', refreshToken: 'M.rt', scope: 'User.Read profile openid email' });
    expect(basicCredentials(fake.requests[0]!)).toBeUndefined();
    expect(formParams(fake.requests[0]!)).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('sends scope again on refresh (Microsoft requires it)', async () => {
    fake.route(`POST /${TENANT}/oauth2/v2.0/token`, (request) => {
      const failure = checkTokenRequest(request, expectations);
      if (failure) return failure;
      return formParams(request)['scope'] ? { body: { access_token: 'at2', refresh_token: 'rt2', token_type: 'Bearer', expires_in: 3600, scope: 'User.Read' } } : { status: 400, body: { error: 'invalid_request' } };
    });
    await refresh(preset, { token: 'at', expiresAt: 1, scope: 'User.Read', refreshToken: 'rt' });
    expect(formParams(fake.requests[0]!)['scope']).toBe('offline_access User.Read');
  });

  it('has no revocation endpoint: nothing is called', async () => {
    expect(await revoke(preset, { token: 'at', expiresAt: 0, scope: '', refreshToken: 'rt' })).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});
