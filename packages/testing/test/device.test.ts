import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDeviceAuthorization, ConsentFlowError, startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { postForm, type ClientAuth } from './support/flow.ts';

const app: ClientAuth = { method: 'client_secret_basic', clientId: 'tv', clientSecret: 'secret' };
const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(as: AuthorizationServer, scope = 'openid profile') {
  const response = await postForm(as.endpoints.deviceAuthorization, app, { scope });
  expect(response.status).toBe(200);
  return response.body as { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number };
}

const poll = (as: AuthorizationServer, deviceCode: string) => postForm(as.endpoints.token, app, { grant_type: GRANT, device_code: deviceCode });

describe('device authorization grant (RFC 8628)', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({ clients: [{ clientId: 'tv', clientSecret: 'secret', redirectUris: [] }], deviceFlow: { intervalSeconds: 1 } });
  });
  afterAll(() => as.close());

  it('advertises the endpoint, the interval and a complete verification URI', async () => {
    const discovery = (await (await fetch(as.discoveryUrl)).json()) as Record<string, unknown>;
    expect(discovery.device_authorization_endpoint).toBe(as.endpoints.deviceAuthorization);
    const grant = await start(as);
    expect(grant).toMatchObject({ interval: 1, expires_in: 600, verification_uri: as.endpoints.deviceVerification });
    expect(grant.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(new URL(grant.verification_uri_complete).searchParams.get('user_code')).toBe(grant.user_code);
  });

  it('answers pending, then slow_down for a poll that comes too soon, then the token once approved', async () => {
    as.resetCounters();
    const grant = await start(as);
    await sleep(1_100);
    expect((await poll(as, grant.device_code)).body.error).toBe('authorization_pending');
    expect((await poll(as, grant.device_code)).body.error).toBe('slow_down');
    expect(await completeDeviceAuthorization(grant.verification_uri_complete, { account: 'bob' })).toEqual({ outcome: 'approved' });
    const token = await poll(as, grant.device_code);
    expect(token.status).toBe(200);
    expect((await as.introspect(String(token.body.access_token))).sub).toBe('bob');
    expect(as.counters).toMatchObject({ deviceAuthorizations: 1, deviceCodeGrants: 3, successfulDeviceCodeGrants: 1, slowDowns: 1 });
    expect(as.devicePolls.slice(-3).map((p) => p.outcome)).toEqual(['authorization_pending', 'slow_down', 'success']);
  });

  it('takes the code typed on the bare verification page', async () => {
    const grant = await start(as);
    expect(await completeDeviceAuthorization(grant.verification_uri, { userCode: grant.user_code.toLowerCase() })).toEqual({ outcome: 'approved' });
    expect((await poll(as, grant.device_code)).status).toBe(200);
  });

  it.each(['confirm', 'consent'] as const)('a user who refuses (%s) makes the next poll hear access_denied', async (deny) => {
    const grant = await start(as);
    expect(await completeDeviceAuthorization(grant.verification_uri_complete, { deny })).toEqual({ outcome: 'denied' });
    expect((await poll(as, grant.device_code)).body.error).toBe('access_denied');
  });

  it('refuses a code it does not know', async () => {
    const error = await completeDeviceAuthorization(as.endpoints.deviceVerification, { userCode: 'BCDF-GHJK' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsentFlowError);
    expect((error as ConsentFlowError).error).toBe('not_found');
  });
});

describe('device flow options', () => {
  it('expires codes (expired_token to late polls, "expired" on the page) and forces slow_down on demand', async () => {
    const as = await startAuthorizationServer({
      clients: [{ clientId: 'tv', clientSecret: 'secret', redirectUris: [] }],
      deviceFlow: { intervalSeconds: 1, codeTtlSeconds: 2, slowDownPolls: 1 },
    });
    try {
      const grant = await start(as);
      await sleep(200);
      expect((await poll(as, grant.device_code)).body.error).toBe('slow_down');
      await sleep(2_100);
      expect((await poll(as, grant.device_code)).body.error).toBe('expired_token');
      const error = await completeDeviceAuthorization(grant.verification_uri_complete).catch((e: unknown) => e);
      expect((error as ConsentFlowError).error).toBe('expired');
    } finally {
      await as.close();
    }
  });
});
