import { describeError } from '@plugboard/oauth2';

/** RFC 6749 §4.1.2.1 / §5.2, RFC 7009 §2.2.1 and RFC 8628 §3.5 codes, said plainly. */
const OAUTH_CODES: Record<string, string> = {
  invalid_client: 'the provider refused the client credentials',
  invalid_grant: 'the provider refused the grant: the code or refresh token is invalid, expired, revoked or was issued to another client',
  unauthorized_client: 'the provider does not let this client use this grant',
  unsupported_grant_type: 'the provider does not support this grant',
  invalid_scope: 'the provider refused the requested scopes',
  invalid_request: 'the provider found the request malformed',
  access_denied: 'the user (or the provider) denied the authorization',
  unsupported_response_type: 'the provider does not support the code flow for this client',
  server_error: 'the provider failed with an internal error',
  temporarily_unavailable: 'the provider is temporarily unavailable',
  unsupported_token_type: 'the provider cannot revoke this kind of token',
  slow_down: 'the provider asked to poll more slowly',
  expired_token: 'the device code expired before the user approved it',
  token_expired: 'the token expired and there is no refresh token to renew it',
};

/** This package's error codes (OAuth2Error `code`), said plainly. */
const CLIENT_CODES: Record<string, string> = {
  network_error: 'the provider could not be reached',
  timeout: 'the provider did not answer in time',
  response_too_large: 'the provider answered with more data than allowed',
  rate_limited: 'the provider is rate limiting the requests',
  invalid_response: 'the provider answered with something that is not an OAuth answer',
  id_token_invalid: 'the ID token did not verify',
  discovery_failed: 'the provider\'s discovery document could not be used',
  configuration_invalid: 'the client is not configured correctly',
  callback_rejected: 'the callback was refused',
  not_authorized: 'there is no usable grant',
  store_error: 'the stored record could not be read',
};

/** An OAuth error code in plain words, with the code: "the provider refused the client credentials (invalid_client)". */
export function plainCode(code: string): string {
  const words = OAUTH_CODES[code];
  return words === undefined ? `the provider answered ${code}` : `${words} (${code})`;
}

/**
 * Any error of the OAuth client in plain words, naming the code a developer searches for. Read by
 * shape, not class: the app's client may come from another copy of @plugboard/oauth2. Only codes and
 * this package's own text are used; a provider's `error_description` is left out (it may echo secrets).
 */
export function plainError(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as { error?: unknown; code?: unknown; status?: unknown; message?: unknown; name?: unknown };
  if (typeof shape.error === 'string' && /^[a-z_]{1,64}$/.test(shape.error)) {
    const status = typeof shape.status === 'number' ? `, HTTP ${shape.status}` : '';
    return `${plainCode(shape.error).replace(/\)$/, `${status})`)}`;
  }
  if (typeof shape.code === 'string' && CLIENT_CODES[shape.code] !== undefined) {
    const detail = typeof shape.message === 'string' && shape.name !== 'Error' ? `: ${shape.message}` : '';
    return `${CLIENT_CODES[shape.code]} (${shape.code})${detail}`;
  }
  return describeError(error);
}
