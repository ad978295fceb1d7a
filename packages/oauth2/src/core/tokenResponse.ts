import { InvalidResponseError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { RawHttpResponse } from './http.ts';
import { nonEmptyString, parseJsonObject, type JsonObject } from './json.ts';
import { throwIfErrorResponse } from './responseErrors.ts';

export { parseRetryAfter } from './retryAfter.ts';

export interface ParseTokenResponseOptions {
  /** Epoch milliseconds when the answer arrived; `expiresAt` is computed from it. */
  now: number;
  /** A preset's repair of its provider's quirks, applied before anything is read. */
  normalize?: (r: RawHttpResponse) => RawHttpResponse;
  /** `refresh_token` turns `invalid_grant` into a ReauthorizationRequiredError (RFC 6749 §5.2). */
  grant?: 'authorization_code' | 'refresh_token' | 'client_credentials' | 'device_code';
  /** Used when the answer has no `scope`: RFC 6749 §5.1 says it then equals the requested scope. */
  requestedScope?: string;
}

function expiresAtFrom(body: JsonObject, now: number): number {
  const raw = body['expires_in'];
  const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  // SECURITY 16: an unusable lifetime is "unknown" (0), never a token that looks expired or eternal.
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  const expiresAt = now + Math.round(seconds * 1000);
  return Number.isSafeInteger(expiresAt) ? expiresAt : 0;
}

function scopeFrom(body: JsonObject): string | undefined {
  const raw = body['scope'];
  if (typeof raw === 'string') return raw.trim().split(/\s+/).filter(Boolean).join(' ');
  // SECURITY 16: some providers (Twitch) answer with an array.
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string' && s !== '').join(' ');
  return undefined;
}

/**
 * RFC 6749 §7.1: a client must not use a token whose type it does not understand. This client
 * only sends `Authorization: Bearer` (RFC 6750), so other types (DPoP, MAC...) are refused. A
 * missing `token_type` is tolerated: several providers leave it out and their tokens are bearer.
 */
function tokenTypeFrom(body: JsonObject, status: number): string | undefined {
  const raw = body['token_type'];
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && raw.toLowerCase() === 'bearer') return 'Bearer';
  throw new InvalidResponseError('The token response has a token_type other than Bearer', status);
}

/**
 * Parses an RFC 6749 §5.1 success or §5.2 error answer. Success needs a 2xx JSON object with a
 * non-empty string `access_token` (SECURITY 15); anything else throws a typed error.
 */
export function parseTokenResponse(response: RawHttpResponse, options: ParseTokenResponseOptions): IAuthData {
  const normalized = options.normalize ? options.normalize(response) : response;
  const body = parseJsonObject(normalized.body);
  throwIfErrorResponse(normalized, body, options.now, options.grant === 'refresh_token' ? 'refresh_token' : undefined);
  if (body === undefined) {
    throw new InvalidResponseError('The token response is not a JSON object', normalized.status);
  }
  const token = nonEmptyString(body, 'access_token');
  if (token === undefined) {
    throw new InvalidResponseError('The token response has no access_token', normalized.status);
  }

  const auth: IAuthData = {
    token,
    expiresAt: expiresAtFrom(body, options.now),
    scope: scopeFrom(body) ?? options.requestedScope ?? '',
  };
  const tokenType = tokenTypeFrom(body, normalized.status);
  if (tokenType !== undefined) auth.tokenType = tokenType;
  const refreshToken = nonEmptyString(body, 'refresh_token');
  if (refreshToken !== undefined) auth.refreshToken = refreshToken;
  const idToken = nonEmptyString(body, 'id_token');
  if (idToken !== undefined) auth.idToken = idToken;
  return auth;
}

/**
 * Combines a refresh answer with the stored token (SECURITY 18): a rotated refresh token
 * replaces the old one, a missing one keeps it (RFC 6749 §6); an ID token not re-issued stays;
 * a missing scope means "unchanged" (RFC 6749 §5.1).
 */
export function mergeRefreshedToken(previous: IAuthData, fresh: IAuthData): IAuthData {
  const merged: IAuthData = { ...fresh, scope: fresh.scope !== '' ? fresh.scope : previous.scope };
  const refreshToken = fresh.refreshToken ?? previous.refreshToken;
  if (refreshToken !== undefined) merged.refreshToken = refreshToken;
  const idToken = fresh.idToken ?? previous.idToken;
  if (idToken !== undefined) merged.idToken = idToken;
  const tokenType = fresh.tokenType ?? previous.tokenType;
  if (tokenType !== undefined) merged.tokenType = tokenType;
  return merged;
}
