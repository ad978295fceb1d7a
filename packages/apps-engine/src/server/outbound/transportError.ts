import { HttpTransportError, type HttpTransportErrorKind } from '../../definition/extensions/http.ts';

/**
 * Why our own controller ended a request: the app's signal, the deadline, a body over the cap, or a
 * redirect past the limit.
 */
export type FailureReason = 'timeout' | 'aborted' | 'too_large' | 'redirect';

/**
 * Turns whatever undici rejected with into a fresh `HttpTransportError`. The original error is
 * dropped on purpose, not kept as `cause`: a client's error may hold the request's headers
 * (Authorization) or body (client secrets, codes). The message names the method, origin and path
 * only: no query, no body.
 */
export function toTransportError(error: unknown, method: string, url: URL, reason: FailureReason | undefined, timeoutMs: number): HttpTransportError {
  const code = errorCode(error);
  const kind = classify(code, errorMessage(error), reason);
  const where = `${method.toUpperCase()} ${url.origin}${url.pathname}`;
  return new HttpTransportError(kind, `${where}: ${describe(kind, timeoutMs)}${code ? ` (${code})` : ''}`);
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function classify(code: string | undefined, message: string, reason: FailureReason | undefined): HttpTransportErrorKind {
  if (reason) {
    return reason;
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return 'timeout';
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return 'too_large';
  }
  // undici's redirect interceptor refuses a redirect back to a URL it already visited.
  if (message.startsWith('Redirect loop detected')) {
    return 'redirect';
  }
  return 'network';
}

function describe(kind: HttpTransportErrorKind, timeoutMs: number): string {
  switch (kind) {
    case 'timeout':
      return `no complete answer within ${timeoutMs} ms`;
    case 'too_large':
      return 'the response body is larger than allowed';
    case 'aborted':
      return 'the request was aborted';
    case 'redirect':
      return 'too many redirects';
    default:
      return 'the request failed';
  }
}

/** Only a short, known-safe code string survives (e.g. `ECONNREFUSED`), never free text. */
function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : undefined;
}

function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}
