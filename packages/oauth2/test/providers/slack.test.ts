import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.ts';
import { slack } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, NOW, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

// Slack's Web API answers every error as HTTP 200 {ok:false,error}.
const reject = (_status: number, error: string) => ({ status: 200, body: { ok: false, error } });
const expectations = { clientAuth: 'basic', codeChallenge: CHALLENGE, reject } as const;
const installAnswer = {
  ok: true,
  app_id: 'A1',
  authed_user: { id: 'U1', scope: 'chat:write,users:read', access_token: 'xoxe.xoxp-user', token_type: 'user', refresh_token: 'xoxe-1-user', expires_in: 43200 },
  scope: 'commands,incoming-webhook',
  token_type: 'bot',
  access_token: 'xoxe.xoxb-bot',
  refresh_token: 'xoxe-1-bot',
  expires_in: 43200,
  bot_user_id: 'B1',
  team: { id: 'T1', name: 'Team' },
};

describe('slack()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(slack(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('asks for user scopes in user_scope, comma-separated', () => {
    const url = authorizationUrl(preset, ['chat:write', 'users:read']);
    expect(url.pathname).toBe('/oauth/v2/authorize');
    expect(url.searchParams.get('user_scope')).toBe('chat:write,users:read');
    expect(url.searchParams.has('scope')).toBe(false);
    expect(authorizationUrl(slack({ token: 'bot' }), ['commands']).searchParams.get('scope')).toBe('commands');
  });

  it('user mode takes the authed_user token, never the bot refresh token', async () => {
    fake.route('POST /api/oauth.v2.access', (request) => checkTokenRequest(request, expectations) ?? { body: installAnswer });
    expect(await exchange(preset, 'c')).toEqual({
      token: 'xoxe.xoxp-user',
      refreshToken: 'xoxe-1-user',
      scope: 'chat:write users:read',
      tokenType: 'Bearer',
      expiresAt: NOW + 43_200_000,
    });
    expect(basicCredentials(fake.requests[0]!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
  });

  it('user mode without a refresh token for the user does not borrow the bot one', async () => {
    const { refresh_token: _unused, expires_in: _alsoUnused, ...userWithoutRefresh } = installAnswer.authed_user;
    fake.route('POST /api/oauth.v2.access', () => ({ body: { ...installAnswer, authed_user: userWithoutRefresh } }));
    const auth = await exchange(preset, 'c');
    expect(auth.refreshToken).toBeUndefined();
    expect(auth.expiresAt).toBe(0);
  });

  it('bot mode takes the top-level token', async () => {
    const bot = pointAt(slack({ token: 'bot' }), fake.origin);
    fake.route('POST /api/oauth.v2.access', () => ({ body: installAnswer }));
    expect(await exchange(bot, 'c')).toMatchObject({ token: 'xoxe.xoxb-bot', refreshToken: 'xoxe-1-bot', scope: 'commands incoming-webhook' });
  });

  it('HTTP 200 {ok:false} is a ProviderError', async () => {
    fake.route('POST /api/oauth.v2.access', () => ({ body: { ok: false, error: 'invalid_code' } }));
    const error = await exchange(preset, 'bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ error: 'invalid_code', status: 400 });
  });

  it('refreshes a rotating user token from a flat answer', async () => {
    fake.route('POST /api/oauth.v2.access', (request) => checkTokenRequest(request, expectations) ?? {
      body: { ok: true, app_id: 'A1', token_type: 'user', access_token: 'xoxe.xoxp-2', refresh_token: 'xoxe-1-user2', expires_in: 43200, scope: 'chat:write,users:read' },
    });
    const refreshed = await refresh(preset, { token: 'xoxe.xoxp-user', expiresAt: 1, scope: 'chat:write users:read', refreshToken: 'xoxe-1-user' });
    expect(refreshed).toMatchObject({ token: 'xoxe.xoxp-2', refreshToken: 'xoxe-1-user2', tokenType: 'Bearer' });
  });

  it('revokes with auth.revoke authenticated by the token; ok:false fails', async () => {
    fake.route('POST /api/auth.revoke', (request) =>
      request.headers['authorization'] === 'Bearer xoxe.xoxp-user' ? { body: { ok: true, revoked: true } } : { body: { ok: false, error: 'invalid_auth' } },
    );
    expect(await revoke(preset, { token: 'xoxe.xoxp-user', expiresAt: 0, scope: '', refreshToken: 'xoxe-1-user' })).toBe(1);
    expect(fake.requests[0]!.body).toBe('');
    await expect(revoke(preset, { token: 'wrong', expiresAt: 0, scope: '' })).rejects.toMatchObject({ error: 'invalid_auth' });
  });

  it('refuses an unknown token mode', () => {
    expect(() => slack({ token: 'workspace' } as never)).toThrow(/user, bot/);
  });
});
