/**
 * The device grant (RFC 8628) of each preset that offers it, against a fake that reproduces the
 * provider's documented request rules and quirks (see each preset's source comment).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { github, gitlab, google, microsoft, presets, resolvePreset, twitch } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider, type RecordedRequest } from './support/fakeProvider.ts';
import { CLIENT_ID, CLIENT_SECRET, NOW, devicePoll, deviceStart } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, formParams } from './support/wire.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** Answers one poll after another from a script. */
function script(key: string, replies: Array<(request: RecordedRequest) => { status?: number; headers?: Record<string, string>; body?: unknown }>): void {
  let index = 0;
  fake.route(key, (request) => (replies[Math.min(index++, replies.length - 1)] as (r: RecordedRequest) => { body?: unknown })(request));
}

describe('which presets offer the device grant', () => {
  it('github, gitlab, google, microsoft and twitch do, with https endpoints; the others do not', () => {
    const offering = Object.keys(presets)
      .filter((name) => resolvePreset(name, name === 'reddit' ? { userAgent: 'web:com.example:v1 (by /u/example)' } : undefined).deviceAuthorization)
      .sort();
    expect(offering).toEqual(['github', 'gitlab', 'google', 'microsoft', 'twitch']);
    for (const name of offering) {
      const spec = resolvePreset(name).deviceAuthorization!;
      expect(spec.endpoint).toMatch(/^https:\/\//);
      expect(spec.docs).toMatch(/^https:\/\//);
      expect(spec.notes.length).toBeGreaterThan(0);
    }
  });
});

describe('github()', () => {
  it('asks with client_id only, reads form or JSON answers, errors with HTTP 200, slow_down with a new interval', async () => {
    const preset = pointAt(github(), fake.origin);
    fake.route('POST /login/device/code', (request) => {
      const params = formParams(request);
      const body = { device_code: 'dc-1', user_code: 'WDJB-MJHT', verification_uri: 'https://github.com/login/device', expires_in: '900', interval: '5' };
      // Form-encoded unless JSON is asked for.
      return request.headers['accept'] === 'application/json' && params['client_id'] === CLIENT_ID
        ? { status: 200, body: { ...body, expires_in: 900, interval: 5 } }
        : { status: 200, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() };
    });
    const grant = await deviceStart(preset, ['repo']);
    expect(grant).toEqual({ deviceCode: 'dc-1', userCode: 'WDJB-MJHT', verificationUri: 'https://github.com/login/device', expiresAt: NOW + 900_000, intervalSeconds: 5 });
    expect(formParams(fake.requests[0]!)).toEqual({ client_id: CLIENT_ID, scope: 'repo' });
    expect(fake.requests[0]!.headers['user-agent']).toBe('plugboard-oauth2');

    script('POST /login/oauth/access_token', [
      () => ({ status: 200, body: { error: 'authorization_pending', error_description: 'The authorization request is still pending.' } }),
      () => ({ status: 200, body: { error: 'slow_down', interval: 10 } }),
      () => ({ status: 200, body: { access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', token_type: 'bearer', scope: 'repo,gist' } }),
    ]);
    expect(await devicePoll(preset, 'dc-1')).toEqual({ kind: 'pending' });
    expect(await devicePoll(preset, 'dc-1')).toEqual({ kind: 'slow_down', intervalSeconds: 10 });
    expect(await devicePoll(preset, 'dc-1')).toEqual({ kind: 'token', auth: { token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', expiresAt: 0, scope: 'repo gist', tokenType: 'Bearer' } });
    expect(formParams(fake.requests[1]!)).toEqual({ grant_type: DEVICE_GRANT, device_code: 'dc-1', client_id: CLIENT_ID });
  });

  it('access_denied and expired_token end the flow', async () => {
    const preset = pointAt(github(), fake.origin);
    script('POST /login/oauth/access_token', [() => ({ body: { error: 'access_denied' } }), () => ({ body: { error: 'expired_token' } })]);
    expect(await devicePoll(preset, 'dc')).toEqual({ kind: 'denied' });
    expect(await devicePoll(preset, 'dc')).toEqual({ kind: 'expired' });
  });
});

describe('microsoft({ tenant })', () => {
  it('asks the tenant devicecode endpoint as a public client; authorization_declined is a denial', async () => {
    const preset = pointAt(microsoft({ tenant: 'organizations' }), fake.origin);
    fake.route('POST /organizations/oauth2/v2.0/devicecode', (request) => {
      const params = formParams(request);
      // A public client flow: a secret is refused (AADSTS700025).
      if ('client_secret' in params) return { status: 401, body: { error: 'invalid_client' } };
      return { body: { device_code: 'GMMhmHCXhWEzkob', user_code: 'FCVFWP7S3', verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 5, message: 'To sign in, use a web browser...' } };
    });
    const grant = await deviceStart(preset, ['User.Read']);
    expect(grant.verificationUriComplete).toBeUndefined();
    expect(formParams(fake.requests[0]!)).toEqual({ client_id: CLIENT_ID, scope: 'offline_access User.Read' });
    script('POST /organizations/oauth2/v2.0/token', [
      (request) => ('client_secret' in formParams(request) ? { status: 401, body: { error: 'invalid_client' } } : { status: 400, body: { error: 'authorization_pending' } }),
      () => ({ status: 400, body: { error: 'authorization_declined', error_description: 'the user declined' } }),
      () => ({ status: 400, body: { error: 'bad_verification_code' } }),
    ]);
    expect(await devicePoll(preset, grant.deviceCode)).toEqual({ kind: 'pending' });
    expect(await devicePoll(preset, grant.deviceCode)).toEqual({ kind: 'denied' });
    expect(await devicePoll(preset, grant.deviceCode)).toMatchObject({ kind: 'failed', error: { error: 'invalid_grant' } });
  });
});

describe('google()', () => {
  it('reads verification_url, sends the client secret when polling, and takes 428 as pending', async () => {
    const preset = pointAt(google(), fake.origin);
    fake.route('POST /device/code', (request) => {
      const params = formParams(request);
      if (params['client_id'] !== CLIENT_ID) return { status: 401, body: { error: 'invalid_client' } };
      return { body: { device_code: 'AH-1Ng', user_code: 'GQVQ-JKEC', verification_url: 'https://www.google.com/device', expires_in: 1800, interval: 5 } };
    });
    const grant = await deviceStart(preset, ['openid', 'email']);
    expect(grant).toMatchObject({ verificationUri: 'https://www.google.com/device', expiresAt: NOW + 1_800_000 });
    script('POST /token', [
      (request) => checkTokenRequest(request, { clientAuth: 'post' }) ?? { status: 428, body: { error: 'authorization_pending', error_description: 'Precondition Required' } },
      (request) => checkTokenRequest(request, { clientAuth: 'post' }) ?? { status: 403, body: { error: 'slow_down', error_description: 'Forbidden' } },
      () => ({ body: { access_token: 'ya29.a0', expires_in: 3599, scope: 'openid https://www.googleapis.com/auth/userinfo.email', token_type: 'Bearer', refresh_token: '1//xEo', id_token: 'h.p.s' } }),
    ]);
    expect(await devicePoll(preset, grant.deviceCode)).toEqual({ kind: 'pending' });
    expect(await devicePoll(preset, grant.deviceCode)).toEqual({ kind: 'slow_down' });
    expect(await devicePoll(preset, grant.deviceCode)).toMatchObject({ kind: 'token', auth: { token: 'ya29.a0', refreshToken: '1//xEo', expiresAt: NOW + 3_599_000 } });
    expect(formParams(fake.requests[1]!)).toEqual({ grant_type: DEVICE_GRANT, device_code: 'AH-1Ng', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });
});

describe('gitlab({ baseUrl })', () => {
  it('asks /oauth/authorize_device (self-managed path kept) with Basic client authentication', async () => {
    const preset = pointAt(gitlab({ baseUrl: 'https://gitlab.example.com/base' }), fake.origin);
    fake.route('POST /base/oauth/authorize_device', (request) => {
      const basic = basicCredentials(request);
      if (basic?.[0] !== CLIENT_ID || basic[1] !== CLIENT_SECRET) return { status: 401, body: { error: 'invalid_client' } };
      return { body: { device_code: 'GmRhmhcx', user_code: '0A44L90H', verification_uri: 'https://gitlab.example.com/oauth/device', verification_uri_complete: 'https://gitlab.example.com/oauth/device?user_code=0A44L90H', expires_in: 300, interval: 5 } };
    });
    const grant = await deviceStart(preset, ['read_user']);
    expect(grant.verificationUriComplete).toBe('https://gitlab.example.com/oauth/device?user_code=0A44L90H');
    script('POST /base/oauth/token', [() => ({ status: 400, body: { error: 'expired_token', error_description: '...' } })]);
    expect(await devicePoll(preset, grant.deviceCode)).toEqual({ kind: 'expired' });
  });
});

describe('twitch()', () => {
  it('sends `scopes` (also when polling) and reads {status, message} answers', async () => {
    const preset = pointAt(twitch(), fake.origin);
    fake.route('POST /oauth2/device', (request) => {
      const params = formParams(request);
      if (!params['scopes'] || 'scope' in params) return { status: 400, body: { status: 400, message: 'missing scopes' } };
      return { body: { device_code: 'ike3GM8Q', expires_in: 1800, interval: 5, user_code: 'ABCDEFGH', verification_uri: 'https://www.twitch.tv/activate?public=true&device-code=ABCDEFGH' } };
    });
    const grant = await deviceStart(preset, ['chat:read', 'chat:edit']);
    expect(formParams(fake.requests[0]!)).toMatchObject({ client_id: CLIENT_ID, scopes: 'chat:read chat:edit' });
    script('POST /oauth2/token', [
      () => ({ status: 400, body: { status: 400, message: 'authorization_pending' } }),
      () => ({ status: 400, body: { status: 400, message: 'invalid device code' } }),
    ]);
    expect(await devicePoll(preset, grant.deviceCode, ['chat:read', 'chat:edit'])).toEqual({ kind: 'pending' });
    expect(formParams(fake.requests[1]!)).toMatchObject({ grant_type: DEVICE_GRANT, device_code: 'ike3GM8Q', scopes: 'chat:read chat:edit' });
    expect(await devicePoll(preset, grant.deviceCode)).toMatchObject({ kind: 'failed', error: { error: 'invalid_grant' } });
  });
});

describe('device answers the client refuses', () => {
  const preset = (): ProviderPreset => pointAt(gitlab(), fake.origin);

  it.each([
    [{ user_code: 'A', verification_uri: 'https://x.example/device', expires_in: 60 }, /device_code/],
    [{ device_code: 'd', user_code: 'A', verification_uri: 'javascript:alert(1)', expires_in: 60 }, /verification_uri/],
    [{ device_code: 'd', user_code: 'A', verification_uri: 'http://evil.example/device', expires_in: 60 }, /verification_uri/],
    [{ device_code: 'd', user_code: 'A', verification_uri: 'https://x.example/device', expires_in: -1 }, /expires_in/],
  ])('%j', async (body, message) => {
    fake.route('POST /oauth/authorize_device', () => ({ body }));
    await expect(deviceStart(preset())).rejects.toMatchObject({ code: 'invalid_response', message: expect.stringMatching(message) });
  });

  it('an OAuth error from the device endpoint is a ProviderError', async () => {
    fake.route('POST /oauth/authorize_device', () => ({ status: 400, body: { error: 'invalid_scope' } }));
    await expect(deviceStart(preset())).rejects.toMatchObject({ code: 'provider_error', error: 'invalid_scope' });
  });
});
