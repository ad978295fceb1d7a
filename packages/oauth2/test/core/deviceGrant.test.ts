import { describe, expect, it } from 'vitest';
import {
  buildDeviceAuthorizationRequest,
  buildDeviceTokenRequest,
  classifyDevicePoll,
  DEVICE_CODE_GRANT_TYPE,
  parseDeviceAuthorizationResponse,
} from '../../src/core/deviceGrant.ts';
import { basicAuthorization } from '../../src/core/clientAuth.ts';
import type { RawHttpResponse } from '../../src/core/http.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const json = (status: number, body: unknown, headers: Record<string, string> = {}): RawHttpResponse => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const form = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body ?? ''));

describe('device authorization request (RFC 8628 §3.1)', () => {
  it('POSTs the scopes with the client authentication, nothing in the URL', () => {
    const request = buildDeviceAuthorizationRequest({ endpoint: 'https://as.example/device', scopes: ['a', 'b a'], client: { clientId: 'id', clientSecret: 's', method: 'client_secret_basic' } });
    expect(request).toMatchObject({ method: 'POST', url: 'https://as.example/device' });
    expect(request.headers['Authorization']).toBe(basicAuthorization('id', 's'));
    expect(form(request.body)).toEqual({ scope: 'a b' });
  });

  it('names the client when it does not authenticate, and uses a provider\'s scope parameter', () => {
    const request = buildDeviceAuthorizationRequest({ endpoint: 'https://as.example/device', scopes: ['x'], scopeParameter: 'scopes', client: { clientId: 'id', method: 'none' } });
    expect(form(request.body)).toEqual({ scopes: 'x', client_id: 'id' });
  });
});

describe('device access token request (RFC 8628 §3.4)', () => {
  it('sends the grant type and the device code', () => {
    const request = buildDeviceTokenRequest({ tokenEndpoint: 'https://as.example/token', deviceCode: 'dc', client: { clientId: 'id', method: 'none' } });
    expect(form(request.body)).toEqual({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: 'dc', client_id: 'id' });
  });
});

describe('parseDeviceAuthorizationResponse (RFC 8628 §3.2)', () => {
  const base = { device_code: 'dc', user_code: 'WDJB-MJHT', verification_uri: 'https://as.example/device', expires_in: 900 };

  it('makes the expiry absolute and defaults the interval to 5 s', () => {
    expect(parseDeviceAuthorizationResponse(json(200, base), { now: NOW })).toEqual({
      deviceCode: 'dc', userCode: 'WDJB-MJHT', verificationUri: 'https://as.example/device', expiresAt: NOW + 900_000, intervalSeconds: 5,
    });
  });

  it('accepts numeric strings and keeps verification_uri_complete', () => {
    const parsed = parseDeviceAuthorizationResponse(json(200, { ...base, expires_in: '600', interval: '2', verification_uri_complete: 'https://as.example/device?user_code=WDJB-MJHT' }), { now: NOW });
    expect(parsed).toMatchObject({ expiresAt: NOW + 600_000, intervalSeconds: 2, verificationUriComplete: 'https://as.example/device?user_code=WDJB-MJHT' });
  });

  it('takes an unusable interval as the default', () => {
    expect(parseDeviceAuthorizationResponse(json(200, { ...base, interval: 0 }), { now: NOW }).intervalSeconds).toBe(5);
  });
});

describe('classifyDevicePoll (RFC 8628 §3.5)', () => {
  it.each([
    [json(400, { error: 'authorization_pending' }), { kind: 'pending' }],
    [json(200, { error: 'authorization_pending' }), { kind: 'pending' }],
    [json(400, { error: 'slow_down' }), { kind: 'slow_down' }],
    [json(400, { error: 'slow_down', interval: 15 }), { kind: 'slow_down', intervalSeconds: 15 }],
    [json(429, { message: 'busy' }, { 'retry-after': '7' }), { kind: 'slow_down', retryAfterMs: 7_000 }],
    [json(400, { error: 'access_denied' }), { kind: 'denied' }],
    [json(400, { error: 'expired_token' }), { kind: 'expired' }],
    [json(503, { message: 'down' }), { kind: 'unavailable', status: 503 }],
    [{ status: 502, headers: {}, body: '<html>bad gateway</html>' }, { kind: 'unavailable', status: 502 }],
  ] as const)('%j -> %j', (response, expected) => {
    expect(classifyDevicePoll(response, { now: NOW })).toEqual(expected);
  });

  it('other errors end the flow with a typed error', () => {
    expect(classifyDevicePoll(json(400, { error: 'invalid_grant', error_description: 'gone' }), { now: NOW })).toMatchObject({ kind: 'failed', error: { error: 'invalid_grant', error_description: 'gone', status: 400 } });
    expect(classifyDevicePoll(json(200, { token_type: 'Bearer' }), { now: NOW })).toMatchObject({ kind: 'failed', error: { code: 'invalid_response' } });
  });

  it('a success is a token, its scope defaulting to the requested one', () => {
    expect(classifyDevicePoll(json(200, { access_token: 'at', token_type: 'bearer', expires_in: 60, refresh_token: 'rt' }), { now: NOW, requestedScope: 'openid' })).toEqual({
      kind: 'token', auth: { token: 'at', tokenType: 'Bearer', expiresAt: NOW + 60_000, refreshToken: 'rt', scope: 'openid' },
    });
  });
});
