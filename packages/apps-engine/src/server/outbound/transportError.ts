import { HttpTransportError, type HttpTransportErrorKind } from '../../definition/extensions/http.ts';

/** Why our own controller aborted a request (the app's signal, or the deadline). */
export type AbortReason = 'timeout' | 'aborted';

/**
 * Turns whatever axios rejected with into a fresh `HttpTransportError`. The axios error is dropped
 * on purpose, not kept as `cause`: its `config` holds the request headers (Authorization) and body
 * (client secrets, codes). The message names the method, origin and path only: no query, no body.
 */
export function toTransportError(error: unknown, method: string, url: URL, reason: AbortReason | undefined, timeoutMs: number): HttpTransportError {
  const code = errorCode(error);
  const kind = classify(code, errorMessage(error), reason);
  const where = `${method.toUpperCase()} ${url.origin}${url.pathname}`;
  return new HttpTransportError(kind, `${where}: ${describe(kind, timeoutMs)}${code ? ` (${code})` : ''}`);
}

function classify(code: string | undefined, message: string, reason: AbortReason | undefined): HttpTransportErrorKind {
  if (reason) {
    return reason;
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return 'timeout';
  }
  if (code === 'ERR_FR_TOO_MANY_REDIRECTS' || code === 'ERR_FR_REDIRECTION_FAILURE') {
    return 'redirect';
  }
  if (message.startsWith('maxContentLength size of')) {
    return 'too_large';
  }
  if (code === 'ERR_CANCELED') {
    return 'aborted';
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
