import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { basicAuthorization, refresh, stringField, type ClientAuth } from './support/flow.ts';
import { signIn } from './support/signin.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const app: ClientAuth = { method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret' };
const clients = [{ clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] }];

describe('token log', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({ clients, tokenLog: true });
  });
  afterAll(() => as.close());

  it('follows a grant through its refresh token rotations, names reuse and the revocation it caused, and holds no token', async () => {
    as.resetCounters();
    const tokens = await signIn(as, app, REDIRECT, { account: 'bob' });
    const first = stringField(tokens, 'refresh_token');
    const second = stringField(await refresh(as, app, first), 'refresh_token');
    const third = await refresh(as, app, second);
    const replay = await refresh(as, app, first);
    const afterRevocation = await refresh(as, app, stringField(third, 'refresh_token'));

    const log = as.tokenLog;
    expect(log.map((r) => [r.grantType, r.refreshTokenRotation, r.status, r.error, r.grantRevoked])).toEqual([
      ['authorization_code', undefined, 200, undefined, false],
      ['refresh_token', 0, 200, undefined, false],
      ['refresh_token', 1, 200, undefined, false],
      ['refresh_token', 0, 400, 'invalid_grant', true],
      // The grant is gone: its tokens are unknown, so nothing names the grant any more.
      ['refresh_token', undefined, 400, 'invalid_grant', false],
    ]);
    expect(replay.body.error).toBe('invalid_grant');
    expect(afterRevocation.body.error).toBe('invalid_grant');
    const grantId = log[0]?.grantId;
    expect(grantId).toEqual(expect.any(String));
    expect(log.slice(0, 4).every((r) => r.grantId === grantId && r.accountId === 'bob')).toBe(true);
    expect(log[4]?.grantId).toBeUndefined();
    expect(log.every((r) => r.receivedAt <= r.answeredAt)).toBe(true);

    const recorded = JSON.stringify(log);
    for (const token of [first, second, stringField(tokens, 'access_token'), stringField(third, 'access_token')]) expect(recorded).not.toContain(token);
  });

  it('records the User-Agent, which tells apart callers that share a client', async () => {
    as.resetCounters();
    const tokens = await signIn(as, app, REDIRECT);
    await fetch(as.endpoints.token, {
      method: 'POST',
      headers: { authorization: basicAuthorization('app', 'secret'), 'user-agent': 'host-b' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stringField(tokens, 'refresh_token') }),
    });
    expect(as.tokenLog.at(-1)).toMatchObject({ grantType: 'refresh_token', userAgent: 'host-b', status: 200, accountId: 'alice' });
  });

  it('is empty unless asked for, and emptied by resetCounters', async () => {
    const quiet = await startAuthorizationServer({ clients });
    try {
      await signIn(quiet, app, REDIRECT);
      expect(quiet.tokenLog).toEqual([]);
      expect(quiet.counters.tokenRequests).toBe(1);
    } finally {
      await quiet.close();
    }
    expect(as.tokenLog.length).toBeGreaterThan(0);
    as.resetCounters();
    expect(as.tokenLog).toEqual([]);
  });
});
