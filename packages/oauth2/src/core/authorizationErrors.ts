/**
 * The error codes an authorization response may carry and a page may name (SECURITY 28): RFC 6749
 * §4.1.2.1 and OpenID Connect Core 1.0 §3.1.2.6. RFC 9207 adds only `iss`, no codes: its failures are
 * this client's own (`iss_mismatch`, `iss_missing`). Anything else a provider (or whoever forged
 * the redirect) put in `error` is free text and is never shown; neither is `error_description`.
 */
const AUTHORIZATION_ERROR_CODES: ReadonlySet<string> = new Set([
  // RFC 6749 §4.1.2.1
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  // OpenID Connect Core 1.0 §3.1.2.6
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
]);

/** The code itself when it is a known one, else `unknown error`. */
export function displayableErrorCode(error: string): string {
  return AUTHORIZATION_ERROR_CODES.has(error) ? error : 'unknown error';
}
