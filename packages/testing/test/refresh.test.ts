import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { refresh, stringField, type ClientAuth } from './support/flow.ts';
import { signIn } from './support/signin.ts';
import { verifyIdToken } from './support/id-token.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const app: ClientAuth = { method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret' };
const clients = [{ clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] }];

describe('refresh with rotation (default)', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({ clients });
  });
  afterAll(() => as.close());

  it('returns a new refresh token each time, twice in a row, and the old one dies', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const first = stringField(tokens, 'refresh_token');

    const once = await refresh(as, app, first);
    expect(once.status).toBe(200);
    const second = stringField(once, 'refresh_token');
    expect(second).not.toBe(first);
    expect(stringField(once, 'access_token')).not.toBe(stringField(tokens, 'access_token'));

    const twice = await refresh(as, app, second);
    expect(twice.status).toBe(200);
    const third = stringField(twice, 'refresh_token');
    expect(third).not.toBe(second);

    expect((await as.introspect(third)).active).toBe(true);
    expect((await as.introspect(first)).active).toBe(false);
  });

  it('answers invalid_grant for a rotated-out refresh token and then revokes the whole grant', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const old = stringField(tokens, 'refresh_token');
    const rotated = await refresh(as, app, old);
    const current = stringField(rotated, 'refresh_token');

    const replay = await refresh(as, app, old);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    // RFC 9700 §4.14.2: reuse of a rotated refresh token is treated as theft.
    expect((await as.introspect(current)).active).toBe(false);
    expect((await as.introspect(stringField(rotated, 'access_token'))).active).toBe(false);
    expect((await refresh(as, app, current)).body.error).toBe('invalid_grant');
  });

  it('keeps the id_token subject and issues a new id_token on refresh', async () => {
    const tokens = await signIn(as, app, REDIRECT, { account: 'bob' });
    const refreshed = await refresh(as, app, stringField(tokens, 'refresh_token'));
    const idToken = await verifyIdToken(as.endpoints.jwks, stringField(refreshed, 'id_token'));
    expect(idToken).toMatchObject({ sub: 'bob', iss: as.issuer, aud: 'app' });
  });

  it('rejects a refresh token presented by another client', async () => {
    await as.addClient({ clientId: 'other', clientSecret: 'other-secret', redirectUris: [REDIRECT] });
    const tokens = await signIn(as, app, REDIRECT);
    const stolen = await refresh(
      as,
      { method: 'client_secret_basic', clientId: 'other', clientSecret: 'other-secret' },
      stringField(tokens, 'refresh_token'),
    );
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
  });

  it('rejects a wrong client secret with invalid_client', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const response = await refresh(as, { ...app, clientSecret: 'wrong' }, stringField(tokens, 'refresh_token'));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
  });
});

describe('refresh options', () => {
  it('rotateRefreshTokens: false returns the same refresh token, which keeps working', async () => {
    const as = await startAuthorizationServer({ clients, rotateRefreshTokens: false });
    try {
      const token = stringField(await signIn(as, app, REDIRECT), 'refresh_token');
      const once = await refresh(as, app, token);
      const twice = await refresh(as, app, token);
      expect(once.status).toBe(200);
      expect(twice.status).toBe(200);
      expect(once.body.refresh_token).toBe(token);
    } finally {
      await as.close();
    }
  });

  it('issueRefreshTokens: false issues none', async () => {
    const as = await startAuthorizationServer({ clients, issueRefreshTokens: false });
    try {
      const tokens = await signIn(as, app, REDIRECT, { scope: 'openid offline_access' });
      expect(tokens.status).toBe(200);
      expect(tokens.body.refresh_token).toBeUndefined();
    } finally {
      await as.close();
    }
  });

  it('lifetimes are configurable, so tests can make a token expire soon', async () => {
    const as = await startAuthorizationServer({ clients, accessTokenTtlSeconds: 2, refreshTokenTtlSeconds: 30 });
    try {
      const tokens = await signIn(as, app, REDIRECT);
      expect(tokens.body.expires_in).toBe(2);
      const refreshToken = await as.introspect(stringField(tokens, 'refresh_token'));
      expect(Number(refreshToken.exp) - Number(refreshToken.iat)).toBe(30);
      const refreshed = await refresh(as, app, stringField(tokens, 'refresh_token'));
      expect(refreshed.body.expires_in).toBe(2);
    } finally {
      await as.close();
    }
  });
});
