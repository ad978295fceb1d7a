/**
 * Plugboard's error classes: few, each with a stable `code`, none carrying secrets.
 *
 * Messages are written by this package and never include token values, authorization codes,
 * PKCE verifiers or client secrets. Text that comes from a provider (`error`,
 * `error_description`) is kept on its own field, sanitised, because it is attacker-influenced.
 */

export type OAuth2ErrorCode =
  | 'configuration_invalid'
  | 'provider_error'
  | 'reauthorization_required'
  | 'invalid_response'
  | 'network_error'
  | 'timeout'
  | 'response_too_large'
  | 'rate_limited'
  | 'callback_rejected'
  | 'id_token_invalid'
  | 'discovery_failed'
  | 'not_authorized'
  | 'store_error'
  | 'lease_lost'
  | 'chat_unavailable'
  | 'reauthorization_timeout';

export interface ErrorOptions {
  cause?: unknown;
}

export class OAuth2Error extends Error {
  override name = 'OAuth2Error';
  readonly code: OAuth2ErrorCode;

  constructor(code: OAuth2ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** The client was set up wrongly (bad option, missing client id, unsafe endpoint...). */
export class ConfigurationError extends OAuth2Error {
  override name = 'ConfigurationError';

  constructor(message: string, options?: ErrorOptions) {
    super('configuration_invalid', message, options);
  }
}

export interface ProviderErrorDetails {
  /** The OAuth `error` code (RFC 6749 §5.2), as the provider sent it. */
  error: string;
  error_description?: string;
  /** HTTP status of the answer (200 for GitHub's and Slack's errors). */
  status: number;
}

const MAX_ERROR_CODE_LENGTH = 100;
const MAX_DESCRIPTION_LENGTH = 500;

/**
 * Makes provider text safe to show and log: drops control characters (log injection, terminal
 * escapes) and caps the length (a hostile server may send megabytes).
 */
export function sanitizeProviderText(text: string, maxLength: number = MAX_DESCRIPTION_LENGTH): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return printable.length > maxLength ? `${printable.slice(0, maxLength)}…` : printable;
}

/** The provider answered with an OAuth error (RFC 6749 §5.2), whatever the HTTP status. */
export class ProviderError extends OAuth2Error {
  override name = 'ProviderError';
  readonly error: string;
  readonly error_description?: string;
  readonly status: number;

  /** `code` is for subclasses; callers leave it out. */
  constructor(
    details: ProviderErrorDetails,
    options?: ErrorOptions,
    code: 'provider_error' | 'reauthorization_required' = 'provider_error',
  ) {
    const error = sanitizeProviderText(details.error, MAX_ERROR_CODE_LENGTH) || 'unknown_error';
    super(code, `The provider answered with error "${error}" (HTTP ${details.status})`, options);
    this.error = error;
    this.status = details.status;
    if (details.error_description !== undefined) {
      this.error_description = sanitizeProviderText(details.error_description);
    }
  }
}

/** The grant is gone (`invalid_grant` on refresh, RFC 6749 §5.2): the user must authorize again. */
export class ReauthorizationRequiredError extends ProviderError {
  override name = 'ReauthorizationRequiredError';

  constructor(details: ProviderErrorDetails, options?: ErrorOptions) {
    super(details, options, 'reauthorization_required');
  }
}

/** The answer was not a usable OAuth answer (HTML, non-JSON, no `access_token`...). */
export class InvalidResponseError extends OAuth2Error {
  override name = 'InvalidResponseError';
  readonly status: number;

  constructor(message: string, status: number, options?: ErrorOptions) {
    super('invalid_response', message, options);
    this.status = status;
  }
}

export type TransportErrorCode = 'network_error' | 'timeout' | 'response_too_large' | 'rate_limited';

export interface TransportErrorOptions extends ErrorOptions {
  /** For `rate_limited`: how long the provider asked us to wait, in milliseconds. */
  retryAfterMs?: number;
  /** HTTP status when there was an answer (429 for `rate_limited`). */
  status?: number;
}

/** The call did not produce an answer we may act on; the stored token stays (SECURITY 20). */
export class TransportError extends OAuth2Error {
  override name = 'TransportError';
  declare readonly code: TransportErrorCode;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(code: TransportErrorCode, message: string, options?: TransportErrorOptions) {
    super(code, message, options);
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options?.status !== undefined) this.status = options.status;
  }
}

export type CallbackRejectionReason =
  | 'state_missing'
  | 'state_unknown'
  | 'state_expired'
  | 'state_malformed'
  | 'duplicate_parameter'
  | 'code_missing'
  | 'iss_mismatch'
  | 'iss_missing'
  | 'provider_error';

const CALLBACK_MESSAGES: Record<CallbackRejectionReason, string> = {
  state_missing: 'The authorization response has no state parameter',
  state_unknown: 'The state is unknown or was already used',
  state_expired: 'The authorization request expired; start again',
  state_malformed: 'The state parameter is malformed',
  duplicate_parameter: 'A parameter appears more than once in the authorization response',
  code_missing: 'The authorization response has no code',
  iss_mismatch: 'The authorization response comes from an unexpected issuer',
  iss_missing: 'The authorization response has no iss parameter although the issuer requires one',
  provider_error: 'The provider refused the authorization',
};

/** The callback request was refused before any token request (SECURITY 6-10). */
export class CallbackError extends OAuth2Error {
  override name = 'CallbackError';
  readonly reason: CallbackRejectionReason;
  /** The HTTP status the callback endpoint answers with. */
  readonly status: number;

  constructor(reason: CallbackRejectionReason, options?: ErrorOptions & { message?: string; status?: number }) {
    super('callback_rejected', options?.message ?? CALLBACK_MESSAGES[reason], options);
    this.reason = reason;
    this.status = options?.status ?? 400;
  }
}

/** An OpenID Connect ID token failed validation. */
export class IdTokenError extends OAuth2Error {
  override name = 'IdTokenError';

  constructor(message: string, options?: ErrorOptions) {
    super('id_token_invalid', message, options);
  }
}

/** RFC 8414 / OIDC discovery failed or returned unusable metadata. */
export class DiscoveryError extends OAuth2Error {
  override name = 'DiscoveryError';

  constructor(message: string, options?: ErrorOptions) {
    super('discovery_failed', message, options);
  }
}

/**
 * Rewrites, in place, the provider text of an error and of every error in its `cause` chain with
 * `mask` (SECURITY 28: a provider may quote back what the client sent). Only ProviderError fields
 * and messages carry provider text; the rest is this package's own wording.
 */
export function maskProviderText(error: unknown, mask: (text: string) => string): void {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    if (current instanceof ProviderError) {
      const writable = current as { -readonly [K in 'error' | 'error_description']?: string };
      writable.error = mask(current.error);
      if (current.error_description !== undefined) writable.error_description = mask(current.error_description);
    }
    current.message = mask(current.message);
  }
}

/**
 * One line for logs. Only fields this package controls are printed: a foreign error's message
 * may quote a URL or header (axios errors carry request headers), so it is left out (SECURITY 22).
 */
export function describeError(err: unknown): string {
  if (err instanceof ProviderError) {
    const description = err.error_description ? `: ${err.error_description}` : '';
    return `${err.name} [${err.code}] ${err.error} (HTTP ${err.status})${description}`;
  }
  if (err instanceof OAuth2Error) {
    const status = 'status' in err && typeof err.status === 'number' ? ` (HTTP ${err.status})` : '';
    return `${err.name} [${err.code}] ${err.message}${status}`;
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${err.name} [${sanitizeProviderText(code, 50)}]` : err.name;
  }
  return 'non-error value thrown';
}
