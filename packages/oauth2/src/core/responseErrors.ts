import { InvalidResponseError, ProviderError, ReauthorizationRequiredError, TransportError } from '../errors.ts';
import { isSuccessStatus, type RawHttpResponse } from './http.ts';
import { nonEmptyString, type JsonObject } from './json.ts';
import { parseRetryAfter } from './retryAfter.ts';

/** RFC 6749 §5.2 error answer, or `undefined` when the body carries no `error` string. */
export function providerErrorFrom(body: JsonObject | undefined, status: number, grant?: 'refresh_token'): ProviderError | undefined {
  const error = body === undefined ? undefined : nonEmptyString(body, 'error');
  if (error === undefined || body === undefined) return undefined;
  const description = nonEmptyString(body, 'error_description');
  const details = description === undefined ? { error, status } : { error, error_description: description, status };
  // RFC 6749 §5.2: invalid_grant on refresh means the refresh token is expired or revoked.
  return grant === 'refresh_token' && error === 'invalid_grant'
    ? new ReauthorizationRequiredError(details)
    : new ProviderError(details);
}

/**
 * Throws the typed error for an answer that is not a success: 429 (retry later, SECURITY 20),
 * an OAuth error object at any status (GitHub answers errors with 200, SECURITY 15), or a
 * non-2xx answer without one. The body never reaches a message: it may echo a token.
 */
export function throwIfErrorResponse(
  response: RawHttpResponse,
  body: JsonObject | undefined,
  now: number | undefined,
  grant?: 'refresh_token',
): void {
  const providerError = providerErrorFrom(body, response.status, grant);
  if (response.status === 429) {
    // Without a clock an HTTP-date cannot become a delay (NaN); delay-seconds still can.
    const retryAfterMs = parseRetryAfter(response, now ?? Number.NaN);
    throw new TransportError('rate_limited', 'The provider is rate limiting requests (HTTP 429)', {
      status: 429,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(providerError === undefined ? {} : { cause: providerError }),
    });
  }
  if (providerError !== undefined) throw providerError;
  if (!isSuccessStatus(response.status)) {
    throw new InvalidResponseError(`The provider answered HTTP ${response.status} without an OAuth error`, response.status);
  }
}
