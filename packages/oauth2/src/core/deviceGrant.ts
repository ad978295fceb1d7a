import { InvalidResponseError, ProviderError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import { backChannelRequest } from './backChannel.ts';
import { clientAuthentication } from './clientAuth.ts';
import { parseEndpoint } from './endpoint.ts';
import type { HttpRequestSpec, RawHttpResponse } from './http.ts';
import { nonEmptyString, parseJsonObject, type JsonObject } from './json.ts';
import { throwIfErrorResponse } from './responseErrors.ts';
import { parseRetryAfter } from './retryAfter.ts';
import { parseTokenResponse } from './tokenResponse.ts';
import { tokenEndpointRequest, withScope, type TokenEndpointCall } from './tokenRequest.ts';

/** RFC 8628 §3.4: the grant type of the device access token request. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 §3.2: poll every 5 seconds when the server names no interval. */
export const DEFAULT_DEVICE_INTERVAL_SECONDS = 5;

/** RFC 8628 §3.5: `slow_down` adds 5 seconds to the interval, for this and every later request. */
export const SLOW_DOWN_STEP_SECONDS = 5;

export interface DeviceAuthorizationInput extends Omit<TokenEndpointCall, 'tokenEndpoint'> {
  endpoint: string;
  scopes?: readonly string[];
  scopeSeparator?: string;
  /** The parameter that carries the scopes when it is not `scope` (Twitch: `scopes`). */
  scopeParameter?: string;
}

/** RFC 8628 §3.1 device authorization request: the client (authenticated) and the scopes. */
export function buildDeviceAuthorizationRequest(input: DeviceAuthorizationInput): HttpRequestSpec {
  return backChannelRequest({
    method: 'POST',
    url: input.endpoint,
    label: 'device authorization endpoint',
    params: withScope({}, input.scopes, input.scopeSeparator, input.scopeParameter),
    // RFC 8628 §3.1: client_id when the client does not authenticate; clientAuthentication adds it.
    auth: clientAuthentication(input.client),
    encoding: input.encoding,
    headers: input.headers,
    allowInsecureHttp: input.allowInsecureHttp,
  });
}

/** What the device authorization endpoint answered (RFC 8628 §3.2), with absolute times. */
export interface DeviceAuthorizationGrant {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Epoch ms when the device code expires. */
  expiresAt: number;
  intervalSeconds: number;
}

function positiveSeconds(body: JsonObject, key: string): number | undefined {
  const raw = body[key];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The verification URI is shown to a person: an absolute https URL (http on loopback only), nothing else. */
function verificationUri(value: string | undefined, label: string, allowInsecureHttp: boolean, status: number): string {
  if (value === undefined) throw new InvalidResponseError(`The device authorization response has no ${label}`, status);
  try {
    return parseEndpoint(value, label, { allowInsecureHttp }).href;
  } catch (cause) {
    throw new InvalidResponseError(`The device authorization response has an unusable ${label}`, status, { cause });
  }
}

/**
 * Parses an RFC 8628 §3.2 answer: `device_code`, `user_code`, `verification_uri` and `expires_in`
 * are required; `interval` defaults to 5 s. Errors (RFC 6749 §5.2) become typed errors.
 */
export function parseDeviceAuthorizationResponse(
  response: RawHttpResponse,
  options: { now: number; normalize?: (r: RawHttpResponse) => RawHttpResponse; allowInsecureHttp?: boolean },
): DeviceAuthorizationGrant {
  const normalized = options.normalize ? options.normalize(response) : response;
  const body = parseJsonObject(normalized.body);
  throwIfErrorResponse(normalized, body, options.now);
  if (body === undefined) throw new InvalidResponseError('The device authorization response is not a JSON object', normalized.status);
  const deviceCode = nonEmptyString(body, 'device_code');
  const userCode = nonEmptyString(body, 'user_code');
  const expiresIn = positiveSeconds(body, 'expires_in');
  if (deviceCode === undefined || userCode === undefined || expiresIn === undefined) {
    throw new InvalidResponseError('The device authorization response lacks device_code, user_code or expires_in', normalized.status);
  }
  const allowInsecure = options.allowInsecureHttp ?? false;
  const grant: DeviceAuthorizationGrant = {
    deviceCode,
    userCode,
    verificationUri: verificationUri(nonEmptyString(body, 'verification_uri'), 'verification_uri', allowInsecure, normalized.status),
    expiresAt: options.now + expiresIn * 1000,
    intervalSeconds: positiveSeconds(body, 'interval') ?? DEFAULT_DEVICE_INTERVAL_SECONDS,
  };
  const complete = nonEmptyString(body, 'verification_uri_complete');
  if (complete !== undefined) grant.verificationUriComplete = verificationUri(complete, 'verification_uri_complete', allowInsecure, normalized.status);
  return grant;
}

export interface DeviceTokenInput extends TokenEndpointCall {
  deviceCode: string;
  /** Some providers want the scopes again when polling (Twitch); RFC 8628 does not. */
  scopes?: readonly string[];
  scopeSeparator?: string;
  scopeParameter?: string;
}

/** RFC 8628 §3.4 device access token request. */
export function buildDeviceTokenRequest(input: DeviceTokenInput): HttpRequestSpec {
  const params = { grant_type: DEVICE_CODE_GRANT_TYPE, device_code: input.deviceCode };
  return tokenEndpointRequest(input, withScope(params, input.scopes, input.scopeSeparator, input.scopeParameter));
}

/** What one poll means for the client (RFC 8628 §3.5). */
export type DevicePollOutcome =
  | { kind: 'token'; auth: IAuthData }
  | { kind: 'pending' }
  /** Wait longer: `slow_down` (the interval grows by 5 s, or to the server's new `interval`), or HTTP 429. */
  | { kind: 'slow_down'; intervalSeconds?: number; retryAfterMs?: number }
  | { kind: 'denied' }
  | { kind: 'expired' }
  /** The server could not answer (5xx without an OAuth error): poll again later, less often. */
  | { kind: 'unavailable'; status: number }
  /** Any other refusal: the device code is dead (invalid_grant, invalid_client, ...). */
  | { kind: 'failed'; error: ProviderError | InvalidResponseError };

/**
 * Classifies a poll's answer: a token, `authorization_pending`, `slow_down` (or 429), `access_denied`,
 * `expired_token`, or another error that ends the flow. Transport failures never reach here.
 */
export function classifyDevicePoll(
  response: RawHttpResponse,
  options: { now: number; normalize?: (r: RawHttpResponse) => RawHttpResponse; requestedScope?: string },
): DevicePollOutcome {
  const normalized = options.normalize ? options.normalize(response) : response;
  if (normalized.status === 429) {
    const retryAfterMs = parseRetryAfter(normalized, options.now);
    return retryAfterMs === undefined ? { kind: 'slow_down' } : { kind: 'slow_down', retryAfterMs };
  }
  const body = parseJsonObject(normalized.body);
  const error = body === undefined ? undefined : nonEmptyString(body, 'error');
  switch (error) {
    case undefined:
      if (normalized.status >= 500) return { kind: 'unavailable', status: normalized.status };
      break;
    case 'authorization_pending':
      return { kind: 'pending' };
    case 'slow_down': {
      const interval = body === undefined ? undefined : positiveSeconds(body, 'interval');
      return interval === undefined ? { kind: 'slow_down' } : { kind: 'slow_down', intervalSeconds: interval };
    }
    case 'access_denied':
      return { kind: 'denied' };
    case 'expired_token':
      return { kind: 'expired' };
    default:
      return { kind: 'failed', error: providerError(body as JsonObject, error, normalized.status) };
  }
  try {
    const auth = parseTokenResponse(normalized, {
      now: options.now,
      grant: 'device_code',
      ...(options.requestedScope === undefined ? {} : { requestedScope: options.requestedScope }),
    });
    return { kind: 'token', auth };
  } catch (caught) {
    if (caught instanceof ProviderError || caught instanceof InvalidResponseError) return { kind: 'failed', error: caught };
    throw caught;
  }
}

function providerError(body: JsonObject, error: string, status: number): ProviderError {
  const description = nonEmptyString(body, 'error_description');
  return new ProviderError(description === undefined ? { error, status } : { error, error_description: description, status });
}
