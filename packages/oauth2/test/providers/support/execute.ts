/**
 * A tiny edge for tests: executes an HttpRequestSpec with fetch the way the real client must
 * (no redirects followed, a deadline) and returns the RawHttpResponse the core parses.
 */
import type { HttpRequestSpec, RawHttpResponse } from '../../../src/core/http.ts';

export async function execute(spec: HttpRequestSpec): Promise<RawHttpResponse> {
  const response = await fetch(spec.url, {
    method: spec.method,
    headers: spec.headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
    redirect: 'manual',
    signal: AbortSignal.timeout(5_000),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}
