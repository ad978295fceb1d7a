import { HttpTransportError, type IHttp, type IHttpResponse, type PlugboardHttpRequest } from '@plugboard/apps-engine';
import { maskSecrets, sentSecrets } from '../core/echoes.ts';
import type { HttpRequestSpec, RawHttpResponse } from '../core/http.ts';
import { maskProviderText, TransportError, type TransportErrorCode } from '../errors.ts';

/** SECURITY 14: a response-size cap on every back-channel answer. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface BackchannelCall {
  /** This request's deadline in milliseconds. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Executes one request the pure core built, through the app's IHttp: no redirects followed, a
 * deadline, a size cap (SECURITY 14). Non-2xx answers come back for the core to parse; only
 * transport failures throw, as a TransportError that carries no request detail.
 */
export async function sendBackchannel(http: IHttp, spec: HttpRequestSpec, call: BackchannelCall): Promise<RawHttpResponse> {
  const options: PlugboardHttpRequest = {
    headers: spec.headers,
    timeout: Math.max(1, Math.floor(call.timeoutMs)),
    followRedirects: false,
    maxResponseBytes: MAX_RESPONSE_BYTES,
  };
  if (spec.body !== undefined) options.content = spec.body;
  if (call.signal) options.signal = call.signal;

  let response: IHttpResponse;
  try {
    response = await methodOf(http, spec.method)(spec.url, options);
  } catch (error) {
    throw toTransportError(error, spec);
  }
  const raw: RawHttpResponse = { status: response.statusCode, headers: lowerCaseKeys(response.headers ?? {}), body: bodyText(response) };
  answered.set(raw, spec);
  return raw;
}

/**
 * The request behind each answer, held as long as the answer object lives: what it sent that is
 * secret is worked out only when an error has to be masked (most answers parse without one).
 */
const answered = new WeakMap<RawHttpResponse, HttpRequestSpec>();

/**
 * Runs the parse of an answer `sendBackchannel` returned; an error it throws (a ProviderError
 * quoting `error_description`, say) leaves with every value the request sent masked, whatever
 * normalizer rebuilt the answer on the way (SECURITY 28).
 */
export function withoutEchoes<T>(response: RawHttpResponse, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    maskEchoes(response, error);
    throw error;
  }
}

/** Masks, in place, what `response`'s request sent, in `error` and its causes. */
export function maskEchoes(response: RawHttpResponse, error: unknown): void {
  const spec = answered.get(response);
  const secrets = spec ? sentSecrets(spec) : [];
  if (secrets.length > 0) maskProviderText(error, (text) => maskSecrets(text, secrets));
}

function methodOf(http: IHttp, method: HttpRequestSpec['method']): IHttp['get'] {
  switch (method) {
    case 'POST':
      return http.post.bind(http);
    case 'DELETE':
      return http.del.bind(http);
    case 'GET':
      return http.get.bind(http);
  }
}

function bodyText(response: IHttpResponse): string {
  if (typeof response.content === 'string') return response.content;
  return response.data === undefined ? '' : JSON.stringify(response.data);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const name of Object.keys(headers)) lower[name.toLowerCase()] = String(headers[name]);
  return lower;
}

const KIND_TO_CODE: Record<string, TransportErrorCode> = {
  timeout: 'timeout',
  too_large: 'response_too_large',
  network: 'network_error',
  aborted: 'network_error',
  redirect: 'network_error',
};

/** Names the endpoint by origin and path only: its query could hold something secret-looking. */
function where(spec: HttpRequestSpec): string {
  try {
    const url = new URL(spec.url);
    return `${spec.method} ${url.origin}${url.pathname}`;
  } catch {
    return spec.method;
  }
}

function toTransportError(error: unknown, spec: HttpRequestSpec): TransportError {
  if (error instanceof HttpTransportError) {
    const code = KIND_TO_CODE[error.kind] ?? 'network_error';
    return new TransportError(code, `${where(spec)} failed: ${error.kind}`, { cause: error });
  }
  // A foreign IHttp's error may carry headers (axios does): keep only its name (SECURITY 22).
  const name = error instanceof Error ? error.name : 'unknown error';
  return new TransportError('network_error', `${where(spec)} failed: ${name}`);
}
