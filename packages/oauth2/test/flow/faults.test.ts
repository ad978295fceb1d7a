import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App, type IConfigurationExtend, type IUser } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { createOAuth2Client, type IOAuth2ClientOptions, type OAuth2Client } from '../../src/index.ts';
import { hang, json, startFakeTokenEndpoint, text, tokenBody } from '../support/fakeTokenEndpoint.ts';
import { getPage } from '../support/harness.ts';

type Fake = Awaited<ReturnType<typeof startFakeTokenEndpoint>>;

let fake: Fake;
beforeAll(async () => {
  fake = await startFakeTokenEndpoint();
});
afterAll(() => fake.close());

let host: AppHost | undefined;
const logLines: string[] = [];
afterEach(async () => {
  logLines.length = 0;
  await host?.close();
  host = undefined;
  fake.requests.length = 0;
});

/**
 * A host whose client talks to the scripted token endpoint; the authorization page is never
 * visited. `clientSecret: null` leaves the secret to the app's setting (an admin sets it).
 */
async function setup(options: Partial<IOAuth2ClientOptions> = {}, clientSecret: string | null = 's3cret', revocation = true) {
  const clientOptions: IOAuth2ClientOptions = {
    alias: 'fake',
    authUri: `${fake.origin}/authorize`,
    accessTokenUri: `${fake.origin}/token`,
    ...(revocation ? { revokeTokenUri: `${fake.origin}/revoke` } : {}),
    clientId: 'client-1',
    bindingConfirmation: false,
    ...(clientSecret === null ? {} : { clientSecret }),
    ...options,
  };
  class FaultApp extends App {
    oauth!: OAuth2Client;
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      this.oauth = createOAuth2Client(this, clientOptions);
      await this.oauth.setup(configuration);
    }
  }
  host = new AppHost({ logger: (entry) => logLines.push(`${entry.level} ${entry.message}`) });
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  const app = await host.install(FaultApp, { id: 'faults', name: 'Faults', version: '1.0.0' });
  const user = (await host.users.add({ id: 'u1', username: 'alice' })) as IUser;
  const client = app.oauth;
  /** What the provider would send the browser back with, straight to the callback. */
  const callback = async (code = 'the-code') => {
    const authUrl = await client.getUserAuthorizationUrl(user);
    const state = authUrl.searchParams.get('state') ?? '';
    return getPage(`${url}/api/apps/public/faults/fake-callback?code=${code}&state=${state}`);
  };
  return { client, user, callback, url };
}

describe('token responses the way real providers send them (SECURITY 16)', () => {
  it.each([
    ['token_type in any case, expires_in as a string, scope as an array', { token_type: 'bEaReR', expires_in: '120', scope: ['a', 'b'] }, 'a b', 120],
    ['no expires_in', { expires_in: undefined }, 'read', 0],
    ['a nonsense expires_in', { expires_in: 'soon' }, 'read', 0],
  ])('%s', async (_name, overrides, scope, lifetime) => {
    const { client, user, callback } = await setup();
    fake.next((_req, res) => json(res, 200, tokenBody(overrides)));
    const before = Date.now();
    expect((await callback()).status).toBe(200);
    const token = await client.getAccessTokenForUser(user);
    expect(token?.scope).toBe(scope);
    if (lifetime === 0) expect(token?.expiresAt).toBe(0);
    else expect(token!.expiresAt - before).toBeGreaterThanOrEqual(lifetime * 1000 - 50);
  });
});

describe('failed exchanges store nothing and answer 502 (SECURITY 15)', () => {
  it.each([
    ['an HTML 500', (_q: unknown, res: Parameters<typeof json>[0]) => text(res, 500, '<html><body>Oops</body></html>')],
    ['a 200 carrying error', (_q: unknown, res: Parameters<typeof json>[0]) => json(res, 200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect' })],
    ['a non-JSON 200', (_q: unknown, res: Parameters<typeof json>[0]) => text(res, 200, 'access_token=abc&token_type=bearer', 'text/plain')],
    ['an empty access_token', (_q: unknown, res: Parameters<typeof json>[0]) => json(res, 200, { access_token: '', token_type: 'Bearer' })],
    ['a 400 invalid_grant', (_q: unknown, res: Parameters<typeof json>[0]) => json(res, 400, { error: 'invalid_grant' })],
    ['a redirect (never followed)', (_q: unknown, res: Parameters<typeof json>[0]) => { res.writeHead(302, { location: `${fake.origin}/token2` }); res.end(); }],
  ])('%s', async (_name, handler) => {
    const { client, user, callback } = await setup();
    fake.next(handler);
    const page = await callback();
    expect(page.status).toBe(502);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await client.getAccessTokenForUser(user)).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
  });

  it('a hanging token endpoint hits the timeout, and the code is not retried (SECURITY 11)', async () => {
    const { client, user, callback } = await setup({ timeoutMs: 300 });
    fake.next(hang);
    const started = Date.now();
    expect((await callback()).status).toBe(502);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.requests).toHaveLength(1);
    expect(await client.getAccessTokenForUser(user)).toBeUndefined();
  });

  it('a response body over 1 MiB is refused (SECURITY 14)', async () => {
    const { client, user, callback } = await setup();
    const logs: string[] = [];
    client.on('error', (e) => logs.push(e.error instanceof Error ? (e.error as { code?: string }).code ?? '' : ''));
    fake.next((_q, res) => json(res, 200, tokenBody({ padding: 'x'.repeat(2 * 1024 * 1024) })));
    expect((await callback()).status).toBe(502);
    expect(logs).toEqual(['response_too_large']);
    expect(await client.getAccessTokenForUser(user)).toBeUndefined();
  });

  it('a 429 on the code exchange is not retried', async () => {
    const { callback } = await setup();
    fake.next((_q, res) => json(res, 429, { error: 'slow_down' }, { 'retry-after': '0' }));
    expect((await callback()).status).toBe(502);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('the token request (SECURITY 13)', () => {
  it('POSTs a form with Basic auth, form-encoding the id and secret before base64', async () => {
    const secret = 'p:%+& é/=';
    const { callback } = await setup({}, secret);
    fake.next((_q, res) => json(res, 200, tokenBody()));
    expect((await callback('c0de')).status).toBe(200);
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/token');
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.headers.accept).toBe('application/json');
    const basic = Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
    const [id, pw] = basic.split(':');
    expect(decodeURIComponent((id ?? '').replace(/\+/g, ' '))).toBe('client-1');
    expect(decodeURIComponent((pw ?? '').replace(/\+/g, ' '))).toBe(secret);
    const body = new URLSearchParams(request.body);
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('code')).toBe('c0de');
    expect(body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.get('redirect_uri')).toMatch(/\/api\/apps\/public\/faults\/fake-callback$/);
    expect(body.has('client_secret')).toBe(false);
  });
});

describe('a client secret from the settings (issue 12 item 9)', () => {
  it.each([['client_secret_basic' as const], ['client_secret_post' as const]])('is sent as stored, leading and trailing spaces included (%s)', async (clientAuthMethod) => {
    const secret = '  sp4ced secret\t ';
    const { callback } = await setup({ clientAuthMethod }, null);
    await host!.settings.set('faults', 'fake-oauth-clientsecret', secret);
    fake.next((_q, res) => json(res, 200, tokenBody()));
    expect((await callback()).status).toBe(200);
    const request = fake.requests[0]!;
    const sent =
      clientAuthMethod === 'client_secret_post'
        ? new URLSearchParams(request.body).get('client_secret')
        : decodeURIComponent(Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8').split(':')[1]!.replace(/\+/g, ' '));
    expect(sent).toBe(secret);
  });
});

describe('client_secret_post (SECURITY 13: one method per request)', () => {
  it('sends id and secret in the form body and no Authorization header', async () => {
    const { callback } = await setup({ clientAuthMethod: 'client_secret_post' }, 'p:%+& é');
    fake.next((_q, res) => json(res, 200, tokenBody()));
    expect((await callback()).status).toBe(200);
    const request = fake.requests[0]!;
    expect(request.headers.authorization).toBeUndefined();
    const body = new URLSearchParams(request.body);
    expect(body.get('client_id')).toBe('client-1');
    expect(body.get('client_secret')).toBe('p:%+& é');
  });
});

describe('refresh faults (SECURITY 20)', () => {
  async function connected(options: Partial<IOAuth2ClientOptions> = {}) {
    const env = await setup({ refreshWindowSeconds: 3600, ...options });
    fake.next((_q, res) => json(res, 200, tokenBody({ expires_in: 600, refresh_token: 'rt-1', access_token: 'at-1' })));
    expect((await env.callback()).status).toBe(200);
    fake.requests.length = 0;
    return env;
  }

  it.each([
    ['a 503', (_q: unknown, res: Parameters<typeof json>[0]) => json(res, 503, { error: 'temporarily_unavailable' }), 'provider_error'],
    ['an HTML 500', (_q: unknown, res: Parameters<typeof json>[0]) => text(res, 500, '<h1>down</h1>'), 'invalid_response'],
  ])('%s keeps the token and throws a typed error', async (_name, handler, code) => {
    const { client, user } = await connected();
    fake.next(handler);
    await expect(client.refreshUserAccessToken(user)).rejects.toMatchObject({ code });
    expect((await client.getAccessTokenForUser(user).catch(() => undefined))?.refreshToken ?? 'rt-1').toBe('rt-1');
  });

  it('a timeout keeps the token', async () => {
    const { client, user } = await connected({ timeoutMs: 300 });
    fake.next(hang);
    await expect(client.refreshUserAccessToken(user)).rejects.toMatchObject({ code: 'timeout' });
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'at-2' })));
    expect((await client.refreshUserAccessToken(user))?.token).toBe('at-2');
  });

  it('a network error keeps the token', async () => {
    const { client, user } = await connected();
    fake.next((req, res) => res.socket?.destroy());
    await expect(client.refreshUserAccessToken(user)).rejects.toMatchObject({ code: 'network_error' });
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'at-3' })));
    expect((await client.refreshUserAccessToken(user))?.token).toBe('at-3');
  });

  it('serves a still-valid token when a due refresh fails', async () => {
    const { client, user } = await connected();
    fake.next((_q, res) => json(res, 503, { error: 'temporarily_unavailable' }));
    expect((await client.getAccessTokenForUser(user))?.token).toBe('at-1');
  });

  it('waits out a 429 Retry-After on refresh and retries once', async () => {
    const { client, user } = await connected();
    fake.next((_q, res) => json(res, 429, { error: 'rate_limited' }, { 'retry-after': '1' }), (_q, res) => json(res, 200, tokenBody({ access_token: 'at-4' })));
    expect((await client.refreshUserAccessToken(user))?.token).toBe('at-4');
    expect(fake.requests).toHaveLength(2);
  });

  it("honours Discord's retry_after body", async () => {
    const { client, user } = await connected();
    fake.next((_q, res) => json(res, 429, { message: 'You are being rate limited.', retry_after: 0.2, global: false }), (_q, res) => json(res, 200, tokenBody({ access_token: 'at-5' })));
    expect((await client.refreshUserAccessToken(user))?.token).toBe('at-5');
  });

  it('keeps the old refresh token when none comes back, takes the rotated one when it does (SECURITY 18)', async () => {
    const { client, user } = await connected();
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'at-6', refresh_token: undefined })));
    expect((await client.refreshUserAccessToken(user))?.refreshToken).toBe('rt-1');
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'at-7', refresh_token: 'rt-2' })));
    expect((await client.refreshUserAccessToken(user))?.refreshToken).toBe('rt-2');
    expect(new URLSearchParams(fake.requests[1]?.body).get('refresh_token')).toBe('rt-1');
  });
});

describe('revocation without a provider endpoint', () => {
  it('deletes locally, answers true and logs that the provider could not be told', async () => {
    const env = await setup({}, 's3cret', false);
    fake.next((_q, res) => json(res, 200, tokenBody()));
    await env.callback();
    fake.requests.length = 0;
    expect(await env.client.revokeUserAccessToken(env.user)).toBe(true);
    expect(fake.requests).toHaveLength(0);
    expect(logLines.filter((l) => l.includes('could not be told'))).toHaveLength(1);
    expect(await env.client.getAccessTokenForUser(env.user)).toBeUndefined();
  });

  it('keeps the token when the provider cannot be reached, so the caller can retry', async () => {
    const env = await setup();
    fake.next((_q, res) => json(res, 200, tokenBody()));
    await env.callback();
    fake.next((_q, res) => text(res, 500, 'down'));
    await expect(env.client.revokeUserAccessToken(env.user)).rejects.toMatchObject({ code: 'invalid_response' });
    expect(await env.client.getAccessTokenForUser(env.user)).toBeDefined();
  });
});

describe('revocation never gets stuck (SECURITY 29)', () => {
  async function connected(token: Record<string, unknown> = {}) {
    const env = await setup();
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'at-1', refresh_token: 'rt-1', ...token })));
    expect((await env.callback()).status).toBe(200);
    fake.requests.length = 0;
    const revoked: boolean[] = [];
    env.client.on('accessTokenRevoked', (e) => revoked.push(e.providerNotified));
    return { ...env, revoked };
  }
  const hintOf = (index: number) => new URLSearchParams(fake.requests[index]?.body).get('token_type_hint');

  it('once the refresh token is revoked, an OAuth error on the access token is logged and the token deleted', async () => {
    const env = await connected();
    fake.next((_q, res) => json(res, 200, {}), (_q, res) => json(res, 400, { error: 'unsupported_token_type' }));
    expect(await env.client.revokeUserAccessToken(env.user)).toBe(true);
    expect([hintOf(0), hintOf(1)]).toEqual(['refresh_token', 'access_token']);
    expect(await env.client.getAccessTokenForUser(env.user)).toBeUndefined();
    expect(env.revoked).toEqual([true]);
    expect(logLines.filter((l) => l.startsWith('warn') && l.includes('the grant is gone'))).toHaveLength(1);
  });

  it('an invalid_token answer counts as done (RFC 7009 §2.2)', async () => {
    const env = await connected({ refresh_token: undefined });
    fake.next((_q, res) => json(res, 400, { error: 'invalid_token' }));
    expect(await env.client.revokeUserAccessToken(env.user)).toBe(true);
    expect(env.revoked).toEqual([true]);
    expect(await env.client.getAccessTokenForUser(env.user)).toBeUndefined();
  });

  it('a refused refresh token revocation keeps a live token, so the caller can retry', async () => {
    const env = await connected();
    fake.next((_q, res) => json(res, 400, { error: 'invalid_client' }));
    await expect(env.client.revokeUserAccessToken(env.user)).rejects.toMatchObject({ code: 'provider_error' });
    expect(fake.requests).toHaveLength(1);
    expect((await env.client.getAccessTokenForUser(env.user))?.token).toBe('at-1');
  });

  it('a provider that cannot revoke this token type does not keep it for ever', async () => {
    const env = await connected({ refresh_token: undefined });
    fake.next((_q, res) => json(res, 400, { error: 'unsupported_token_type' }));
    expect(await env.client.revokeUserAccessToken(env.user)).toBe(true);
    expect(env.revoked).toEqual([false]);
    expect(await env.client.getAccessTokenForUser(env.user)).toBeUndefined();
  });

  it('a dead token (expired, no refresh token) is deleted even when the provider cannot be reached', async () => {
    const env = await connected({ refresh_token: undefined, expires_in: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    fake.next((_q, res) => text(res, 503, 'down'));
    expect(await env.client.revokeUserAccessToken(env.user)).toBe(true);
    expect(env.revoked).toEqual([false]);
    expect(await env.client.listAccountsForUser(env.user)).toEqual([]);
  });
});

describe('an expired token without a refresh token (issue 12 item 7)', () => {
  it('is not returned: getAccessTokenForUser gives undefined and reauthorizationRequired fires once', async () => {
    const { client, user, callback } = await setup();
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'at-1', refresh_token: undefined, expires_in: 0.05 })));
    expect((await callback()).status).toBe(200);
    const events: string[] = [];
    client.on('reauthorizationRequired', (e) => events.push(`${e.userId}:${e.error}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    fake.requests.length = 0;
    expect(await client.getAccessTokenForUser(user)).toBeUndefined();
    expect(await client.getAccessTokenForUser(user)).toBeUndefined();
    expect(events).toEqual(['u1:token_expired']);
    expect(fake.requests).toHaveLength(0);
    expect(await client.listAccountsForUser(user)).toEqual([]);
  });

  it('a token without a lifetime stays usable', async () => {
    const { client, user, callback } = await setup();
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'at-1', refresh_token: undefined, expires_in: undefined })));
    expect((await callback()).status).toBe(200);
    expect((await client.getAccessTokenForUser(user))?.token).toBe('at-1');
  });
});

describe('a provider quoting back what the client sent (SECURITY 28)', () => {
  /** Answers with an error whose text quotes every value of the request, raw and as sent. */
  const echo = (status: number) => (request: { headers: Record<string, unknown>; body: string }, res: Parameters<typeof json>[0]) => {
    const quoted = [...new URLSearchParams(request.body).entries()].map(([k, v]) => `${k}=${v}`).join(' ');
    json(res, status, { error: `bad ${quoted}`, error_description: `got ${request.body} with ${String(request.headers.authorization)} ${quoted}` });
  };

  it('the code, verifier, client secret and Basic credential never reach errors, events or logs', async () => {
    const secret = 'echo-secret-1';
    const { client, callback } = await setup({}, secret);
    const events: string[] = [];
    client.on('error', (e) => events.push(JSON.stringify(e, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message } : v))));
    fake.next(echo(400));
    expect((await callback('code-to-hide-123')).status).toBe(502);
    const request = fake.requests[0]!;
    const sent = [
      'code-to-hide-123',
      new URLSearchParams(request.body).get('code_verifier')!,
      secret,
      String(request.headers.authorization).replace('Basic ', ''),
    ];
    const everything = [...logLines, ...events].join('\n');
    expect(events).toHaveLength(1);
    expect(everything).toContain('[redacted]');
    for (const value of sent) expect(everything).not.toContain(value);
  });

  it('a refresh token and a client_secret_post secret quoted on refresh stay out of the thrown error', async () => {
    const env = await setup({ clientAuthMethod: 'client_secret_post', refreshWindowSeconds: 3600 }, 'post-secret-2');
    fake.next((_q, res) => json(res, 200, tokenBody({ refresh_token: 'refresh-to-hide-4', expires_in: 600 })));
    expect((await env.callback()).status).toBe(200);
    fake.next(echo(400));
    const error = (await env.client.refreshUserAccessToken(env.user).catch((e: unknown) => e)) as { error: string; error_description: string; message: string };
    const text = `${error.error} ${error.error_description} ${error.message} ${logLines.join('\n')}`;
    expect(text).toContain('[redacted]');
    for (const value of ['refresh-to-hide-4', 'post-secret-2']) expect(text).not.toContain(value);
  });

  it('tokens quoted by the revocation endpoint stay out of the error', async () => {
    const env = await setup();
    fake.next((_q, res) => json(res, 200, tokenBody({ access_token: 'access-to-hide-5', refresh_token: 'refresh-to-hide-6' })));
    expect((await env.callback()).status).toBe(200);
    fake.next(echo(400));
    const error = (await env.client.revokeUserAccessToken(env.user).catch((e: unknown) => e)) as { error: string; error_description: string };
    const text = `${error.error} ${error.error_description} ${logLines.join('\n')}`;
    for (const value of ['access-to-hide-5', 'refresh-to-hide-6', 's3cret']) expect(text).not.toContain(value);
  });
});
