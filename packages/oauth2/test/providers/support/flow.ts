/**
 * Drives a preset through the pure core the way the stateful client does, without storage: the
 * authorization URL, the code exchange, a refresh and the revocation, over real HTTP to a fake.
 */
import { buildAuthorizationUrl } from '../../../src/core/authorizationUrl.ts';
import type { ClientCredentials } from '../../../src/core/clientAuth.ts';
import { codeChallengeS256 } from '../../../src/core/pkce.ts';
import { buildDeviceAuthorizationRequest, buildDeviceTokenRequest, classifyDevicePoll, parseDeviceAuthorizationResponse, type DeviceAuthorizationGrant, type DevicePollOutcome } from '../../../src/core/deviceGrant.ts';
import { buildRevocationRequests, parseRevocationResponse } from '../../../src/core/revocation.ts';
import { mergeScopes } from '../../../src/core/scopes.ts';
import { buildCodeExchangeRequest, buildRefreshRequest } from '../../../src/core/tokenRequest.ts';
import { mergeRefreshedToken, parseTokenResponse } from '../../../src/core/tokenResponse.ts';
import type { IAuthData } from '../../../src/IAuthData.ts';
import type { ProviderPreset } from '../../../src/providers/types.ts';
import { execute } from './execute.ts';

export const CLIENT_ID = 'client id:1';
// ASCII specials that naive Basic encoding gets wrong (SECURITY 13).
export const CLIENT_SECRET = 's3cr:et %&+=';
export const REDIRECT_URI = 'https://chat.example.com/api/apps/public/app/p-callback';
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = codeChallengeS256(VERIFIER);
export const NOW = Date.parse('2026-01-01T00:00:00Z');

export function credentials(preset: ProviderPreset): ClientCredentials {
  return { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, method: preset.clientAuthMethod };
}

export function authorizationUrl(preset: ProviderPreset, scopes: readonly string[] = []): URL {
  return buildAuthorizationUrl({
    authorizationEndpoint: preset.authorizationEndpoint,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    scopes: mergeScopes(preset.defaultScopes, scopes),
    scopeSeparator: preset.scopeSeparator,
    ...(preset.scopeParameter ? { scopeParameter: preset.scopeParameter } : {}),
    state: 'state-1',
    codeChallenge: CHALLENGE,
    ...(preset.authParams ? { extraParams: preset.authParams } : {}),
  });
}

function edge(preset: ProviderPreset) {
  return {
    ...(preset.tokenRequestEncoding ? { encoding: preset.tokenRequestEncoding } : {}),
    ...(preset.headers ? { headers: preset.headers } : {}),
  };
}

export async function exchange(preset: ProviderPreset, code: string): Promise<IAuthData> {
  const request = buildCodeExchangeRequest({
    tokenEndpoint: preset.tokenEndpoint,
    code,
    redirectUri: REDIRECT_URI,
    codeVerifier: VERIFIER,
    client: credentials(preset),
    ...edge(preset),
  });
  const response = await execute(request);
  return parseTokenResponse(response, {
    now: NOW,
    grant: 'authorization_code',
    ...(preset.normalizeTokenResponse ? { normalize: preset.normalizeTokenResponse } : {}),
  });
}

export async function refresh(preset: ProviderPreset, previous: IAuthData): Promise<IAuthData> {
  const request = buildRefreshRequest({
    tokenEndpoint: preset.refreshEndpoint ?? preset.tokenEndpoint,
    refreshToken: previous.refreshToken ?? '',
    ...(preset.sendScopeOnRefresh ? { scopes: mergeScopes(preset.defaultScopes, previous.scope.split(' ')) } : {}),
    scopeSeparator: preset.scopeSeparator,
    client: credentials(preset),
    ...edge(preset),
  });
  const response = await execute(request);
  const fresh = parseTokenResponse(response, {
    now: NOW,
    grant: 'refresh_token',
    ...(preset.normalizeTokenResponse ? { normalize: preset.normalizeTokenResponse } : {}),
  });
  return mergeRefreshedToken(previous, fresh);
}

export async function revoke(preset: ProviderPreset, auth: IAuthData): Promise<number> {
  const requests = buildRevocationRequests({
    revocation: preset.revocation,
    accessToken: auth.token,
    ...(auth.refreshToken ? { refreshToken: auth.refreshToken } : {}),
    client: credentials(preset),
    ...edge(preset),
  });
  for (const request of requests) {
    parseRevocationResponse(await execute(request), preset.normalizeRevocationResponse, NOW);
  }
  return requests.length;
}

/** The device grant's client authentication: the preset's device rule, else its usual one. */
function deviceCredentials(preset: ProviderPreset): ClientCredentials {
  const method = preset.deviceAuthorization?.clientAuthMethod ?? preset.clientAuthMethod;
  return method === 'none' ? { clientId: CLIENT_ID, method } : { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, method };
}

/** RFC 8628 §3.1-3.2 through the preset, as the client sends it. */
export async function deviceStart(preset: ProviderPreset, scopes: readonly string[] = []): Promise<DeviceAuthorizationGrant> {
  const spec = preset.deviceAuthorization;
  if (!spec) throw new Error(`${preset.id} has no device authorization`);
  const request = buildDeviceAuthorizationRequest({
    endpoint: spec.endpoint,
    scopes: mergeScopes(preset.defaultScopes, scopes),
    scopeSeparator: preset.scopeSeparator,
    ...(spec.scopeParameter ? { scopeParameter: spec.scopeParameter } : {}),
    client: deviceCredentials(preset),
    ...edge(preset),
  });
  const normalize = spec.normalizeResponse ?? preset.normalizeTokenResponse;
  return parseDeviceAuthorizationResponse(await execute(request), { now: NOW, ...(normalize ? { normalize } : {}) });
}

/** RFC 8628 §3.4-3.5: one poll, classified. */
export async function devicePoll(preset: ProviderPreset, deviceCode: string, scopes: readonly string[] = []): Promise<DevicePollOutcome> {
  const spec = preset.deviceAuthorization;
  const request = buildDeviceTokenRequest({
    tokenEndpoint: preset.tokenEndpoint,
    deviceCode,
    ...(spec?.sendScopeWhenPolling ? { scopes: mergeScopes(preset.defaultScopes, scopes) } : {}),
    scopeSeparator: preset.scopeSeparator,
    ...(spec?.scopeParameter ? { scopeParameter: spec.scopeParameter } : {}),
    client: deviceCredentials(preset),
    ...edge(preset),
  });
  return classifyDevicePoll(await execute(request), { now: NOW, ...(preset.normalizeTokenResponse ? { normalize: preset.normalizeTokenResponse } : {}) });
}
