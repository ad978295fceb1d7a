import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { postForm, revoke, stringField, type ClientAuth } from './support/flow.ts';
import { signIn } from './support/signin.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const app: ClientAuth = { method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret' };
const other: ClientAuth = { method: 'client_secret_post', clientId: 'other', clientSecret: 'other-secret' };

describe('introspection and revocation', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({
      clients: [
        { clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] },
        { clientId: 'other', clientSecret: 'other-secret', redirectUris: [REDIRECT], tokenEndpointAuthMethod: 'client_secret_post' },
      ],
    });
  });
  afterAll(() => as.close());

  it('introspect() describes a live access token', async () => {
    const tokens = await signIn(as, app, REDIRECT, { scope: 'openid read' });
    const result = await as.introspect(stringField(tokens, 'access_token'));
    expect(result).toMatchObject({ active: true, client_id: 'app', sub: 'alice', scope: 'openid read', iss: as.issuer });
  });

  it('introspect() says inactive for an unknown token', async () => {
    expect(await as.introspect('no-such-token')).toEqual({ active: false });
  });

  it('revoking the access token makes it inactive', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const accessToken = stringField(tokens, 'access_token');
    const response = await revoke(as, app, accessToken, 'access_token');
    expect(response.status).toBe(200);
    expect((await as.introspect(accessToken)).active).toBe(false);
  });

  it('revoking the refresh token ends the whole grant', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const response = await revoke(as, app, stringField(tokens, 'refresh_token'), 'refresh_token');
    expect(response.status).toBe(200);
    expect((await as.introspect(stringField(tokens, 'refresh_token'))).active).toBe(false);
    expect((await as.introspect(stringField(tokens, 'access_token'))).active).toBe(false);
  });

  it('answers 200 for a token it does not know (RFC 7009 §2.2)', async () => {
    expect((await revoke(as, app, 'unknown-token')).status).toBe(200);
  });

  it('requires client authentication', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const response = await revoke(as, { ...app, clientSecret: 'wrong' }, stringField(tokens, 'access_token'));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
    expect((await as.introspect(stringField(tokens, 'access_token'))).active).toBe(true);
  });

  it('refuses to revoke another client\'s token', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const response = await revoke(as, other, stringField(tokens, 'access_token'));
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unauthorized_client');
    expect((await as.introspect(stringField(tokens, 'access_token'))).active).toBe(true);
  });

  it('lets a client introspect its own tokens but not another client\'s', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const accessToken = stringField(tokens, 'access_token');
    const own = await postForm(as.endpoints.introspection, app, { token: accessToken });
    expect(own.body.active).toBe(true);
    const foreign = await postForm(as.endpoints.introspection, other, { token: accessToken });
    expect(foreign.body).toEqual({ active: false });
  });

  it('rejects the userinfo call with a revoked access token', async () => {
    const tokens = await signIn(as, app, REDIRECT);
    const accessToken = stringField(tokens, 'access_token');
    await revoke(as, app, accessToken);
    const userinfo = await fetch(as.endpoints.userinfo, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(userinfo.status).toBe(401);
  });
});
