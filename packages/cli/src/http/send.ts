import type { HttpRequestSpec, RawHttpResponse } from '@plugboard/oauth2/core';
import { TransportError } from '@plugboard/oauth2';

export interface SendOptions {
  /** Default 10 s (SECURITY 14: a deadline on every call). */
  timeoutMs?: number;
  /** Default 1 MiB (SECURITY 14: a response-size cap). */
  maxBytes?: number;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new TransportError('response_too_large', `the response is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Executes a back-channel request the pure core built. Redirects are not followed (SECURITY 14):
 * a 3xx comes back as is and the parser refuses it. Errors carry no URL, header or body.
 */
export async function sendBackChannel(spec: HttpRequestSpec, options: SendOptions = {}): Promise<RawHttpResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let response: Response;
  try {
    response = await fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      ...(spec.body === undefined ? {} : { body: spec.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      throw new TransportError('timeout', `no answer within ${timeoutMs} ms`);
    }
    throw new TransportError('network_error', 'the authorization server could not be reached');
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  let body: string;
  try {
    body = await readCapped(response, options.maxBytes ?? 1024 * 1024);
  } catch (error) {
    if (error instanceof TransportError) throw error;
    // The deadline covers the body too.
    throw new TransportError((error as Error).name === 'TimeoutError' ? 'timeout' : 'network_error', 'the response could not be read');
  }
  return { status: response.status, headers, body };
}
