import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.ts';
import { github } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CHALLENGE, CLIENT_ID, CLIENT_SECRET, NOW, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

// GitHub answers form-encoded unless Accept: application/json, and reports errors with HTTP 200.
const formReply = (fields: Record<string, string>) => ({
  status: 200,
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: new URLSearchParams(fields).toString(),
});
const reject = (_status: number, error: string) => formReply({ error, error_description: 'rejected by the fake' });
const expectations = { clientAuth: 'post', codeChallenge: CHALLENGE, headers: { 'user-agent': 'plugboard-oauth2' }, reject } as const;

describe('github()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(github(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('builds the authorization URL', () => {
    const url = authorizationUrl(preset, ['repo', 'read:user']);
    expect(url.pathname).toBe('/login/oauth/authorize');
    expect(url.searchParams.get('scope')).toBe('repo read:user');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('exchanges with client_secret_post and a User-Agent; a form-encoded answer with comma scopes is normalised', async () => {
    fake.route('POST /login/oauth/access_token', (request) => checkTokenRequest(request, expectations) ?? formReply({ access_token: 'gho_x', scope: 'repo,read:user', token_type: 'bearer' }));
    expect(await exchange(preset, 'c')).toEqual({ token: 'gho_x', scope: 'repo read:user', tokenType: 'Bearer', expiresAt: 0 });
    const [request] = fake.requests;
    expect(basicCredentials(request!)).toBeUndefined();
    expect(formParams(request!)).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code: 'c' });
  });

  it('a 200 answer carrying an error is a ProviderError with a failure status', async () => {
    fake.route('POST /login/oauth/access_token', () => formReply({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' }));
    const error = await exchange(preset, 'stale').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ error: 'bad_verification_code', status: 400, error_description: 'The code passed is incorrect or expired.' });
  });

  it('the same error as JSON (when Accept is honoured) is refused too', async () => {
    fake.route('POST /login/oauth/access_token', () => ({ status: 200, body: { error: 'incorrect_client_credentials' } }));
    await expect(exchange(preset, 'c')).rejects.toMatchObject({ error: 'incorrect_client_credentials', status: 400 });
  });

  it('revokes with DELETE on /applications/{client_id}/token, JSON body and Basic credentials', async () => {
    fake.route(`DELETE /applications/${encodeURIComponent(CLIENT_ID)}/token`, (request) =>
      basicCredentials(request)?.[1] === CLIENT_SECRET && JSON.parse(request.body).access_token === 'gho_x' ? { status: 204 } : { status: 404, body: { message: 'Not Found' } },
    );
    expect(await revoke(preset, { token: 'gho_x', expiresAt: 0, scope: 'repo' })).toBe(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('DELETE');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('plugboard-oauth2');
  });

  it('GitHub App: 8-hour tokens with rotating refresh tokens', async () => {
    const app = pointAt(github({ app: true }), fake.origin);
    expect(app.refreshTokenRotates).toBe(true);
    expect(github().refreshTokenRotates).toBe(false);
    fake.route('POST /login/oauth/access_token', (request) => checkTokenRequest(request, expectations) ?? formReply({
      access_token: 'ghu_2', expires_in: '28800', refresh_token: 'ghr_2', refresh_token_expires_in: '15811200', scope: '', token_type: 'bearer',
    }));
    const refreshed = await refresh(app, { token: 'ghu_1', expiresAt: 1, scope: '', refreshToken: 'ghr_1' });
    expect(refreshed).toEqual({ token: 'ghu_2', expiresAt: NOW + 28_800_000, refreshToken: 'ghr_2', scope: '', tokenType: 'Bearer' });
    expect(formParams(fake.requests[0]!)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'ghr_1', client_id: CLIENT_ID });
  });

  it('refuses a non-boolean app option', () => {
    expect(() => github({ app: 'yes' } as never)).toThrow(/boolean/);
  });
});
