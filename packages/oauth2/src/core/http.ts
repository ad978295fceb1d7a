/**
 * The request and response shapes the pure core exchanges with the edge. The core builds
 * `HttpRequestSpec`s and parses `RawHttpResponse`s; the edge (the host's IHttp) executes them.
 */

export interface HttpRequestSpec {
  method: 'POST' | 'DELETE' | 'GET';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawHttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
