import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { postForm, refresh, revoke, stringField, type ClientAuth } from './support/flow.ts';
import { signIn } from './support/signin.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const ZERO = {
  tokenRequests: 0,
  authorizationCodeGrants: 0,
  refreshGrants: 0,
  successfulAuthorizationCodeGrants: 0,
  successfulRefreshGrants: 0,
  clientCredentialsGrants: 0,
  successfulClientCredentialsGrants: 0,
  deviceAuthorizations: 0,
  deviceCodeGrants: 0,
  successfulDeviceCodeGrants: 0,
  slowDowns: 0,
  revocations: 0,
  introspections: 0,
};
const app: ClientAuth = { method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret' };

describe('counters', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({ clients: [{ clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] }] });
  });
  afterAll(() => as.close());
  beforeEach(() => as.resetCounters());

  it('start at zero and count each endpoint exactly', async () => {
    expect(as.counters).toEqual(ZERO);

    const tokens = await signIn(as, app, REDIRECT);
    const rotated = await refresh(as, app, stringField(tokens, 'refresh_token'));
    await revoke(as, app, stringField(rotated, 'refresh_token'), 'refresh_token');
    await as.introspect(stringField(rotated, 'access_token'));

    expect(as.counters).toEqual({
      ...ZERO,
      tokenRequests: 2,
      authorizationCodeGrants: 1,
      refreshGrants: 1,
      successfulAuthorizationCodeGrants: 1,
      successfulRefreshGrants: 1,
      revocations: 1,
      introspections: 1,
    });
  });

  it('count failed attempts as attempts, and not as successes', async () => {
    await refresh(as, app, 'not-a-refresh-token');
    await refresh(as, { ...app, clientSecret: 'wrong' }, 'whatever');
    await postForm(as.endpoints.token, app, { grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT });
    await postForm(as.endpoints.token, { ...app, clientSecret: 'wrong' }, { grant_type: 'client_credentials' });

    expect(as.counters).toMatchObject({
      tokenRequests: 4,
      refreshGrants: 2,
      successfulRefreshGrants: 0,
      authorizationCodeGrants: 1,
      successfulAuthorizationCodeGrants: 0,
      clientCredentialsGrants: 1,
      successfulClientCredentialsGrants: 0,
    });
  });

  it('are a snapshot that resetCounters() zeroes', async () => {
    const before = as.counters;
    await refresh(as, app, 'x');
    expect(before.refreshGrants).toBe(0);
    expect(as.counters.refreshGrants).toBe(1);
    as.resetCounters();
    expect(as.counters.refreshGrants).toBe(0);
  });

  it.each([25, 120])('count %i concurrent refresh attempts exactly', async (concurrency) => {
    const tokens = await signIn(as, app, REDIRECT);
    const refreshToken = stringField(tokens, 'refresh_token');
    as.resetCounters();

    const responses = await Promise.all(Array.from({ length: concurrency }, () => refresh(as, app, refreshToken)));

    expect(as.counters.refreshGrants).toBe(concurrency);
    expect(as.counters.tokenRequests).toBe(concurrency);
    // Rotation: one request wins; every duplicate is invalid_grant and, as reuse of a
    // rotated token, revokes the grant, so the winner's new refresh token dies too.
    const succeeded = responses.filter((response) => response.status === 200);
    expect(succeeded).toHaveLength(1);
    expect(as.counters.successfulRefreshGrants).toBe(1);
    for (const response of responses) {
      if (response.status !== 200) expect(response.body.error).toBe('invalid_grant');
    }
    expect((await as.introspect(stringField(succeeded[0]!, 'refresh_token'))).active).toBe(false);
  });
});
