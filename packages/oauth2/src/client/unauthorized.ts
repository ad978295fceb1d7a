/**
 * Whether what `withAccessToken`'s function produced says the provider refused the token (HTTP 401,
 * RFC 6750 §3.1 `invalid_token`): a returned response (Rocket.Chat's `IHttpResponse.statusCode`, a
 * fetch `Response.status`), or a thrown error carrying the status (`status`, `statusCode`, or an
 * axios-style `response.status`). Only 401: a 403 is a refusal of the request, not of the token.
 */
export function isUnauthorized(outcome: { result?: unknown; error?: unknown }): boolean {
  if ('error' in outcome) return statusOf(outcome.error) === 401 || statusOf((outcome.error as { response?: unknown } | undefined)?.response) === 401;
  const result = outcome.result;
  if (typeof Response !== 'undefined' && result instanceof Response) return result.status === 401;
  return isRecord(result) && result.statusCode === 401;
}

function statusOf(value: unknown): number | undefined {
  if (!isRecord(value)) return undefined;
  const status = value.status ?? value.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
