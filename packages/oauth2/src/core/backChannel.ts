import { ConfigurationError } from '../errors.ts';
import type { ClientAuthentication } from './clientAuth.ts';
import { endpointHref } from './endpoint.ts';
import type { HttpRequestSpec } from './http.ts';

/** `form` is RFC 6749's encoding; `json` exists for providers that require it (Notion). */
export type BodyEncoding = 'form' | 'json';

/** Headers the core owns. A preset may add headers but never replace these. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'host', 'transfer-encoding', 'cookie']);

/**
 * Merges extra headers (a preset's User-Agent, Notion-Version...) under the protocol headers.
 * `Accept` may be replaced by an extra header; authentication and framing headers may not.
 */
export function mergeHeaders(own: Record<string, string>, extra: Record<string, string> | undefined): Record<string, string> {
  const merged: Record<string, string> = {};
  const extraNames = new Set<string>();
  for (const [name, value] of Object.entries(extra ?? {})) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) {
      throw new ConfigurationError(`The header "${name}" is set by the OAuth client and cannot be overridden`);
    }
    if (/[\r\n]/.test(value)) {
      throw new ConfigurationError(`The header "${name}" contains a line break`);
    }
    extraNames.add(lower);
    merged[name] = value;
  }
  for (const [name, value] of Object.entries(own)) {
    if (name.toLowerCase() === 'accept' && extraNames.has('accept')) continue;
    merged[name] = value;
  }
  return merged;
}

export function encodeBody(params: Record<string, string>, encoding: BodyEncoding): { contentType: string; body: string } {
  return encoding === 'json'
    ? { contentType: 'application/json', body: JSON.stringify(params) }
    : { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(params).toString() };
}

export interface BackChannelInput {
  method: 'POST' | 'DELETE';
  url: string;
  /** Names the endpoint in configuration errors. */
  label: string;
  params: Record<string, string>;
  auth: ClientAuthentication;
  encoding?: BodyEncoding | undefined;
  headers?: Record<string, string> | undefined;
  allowInsecureHttp?: boolean | undefined;
}

/**
 * A back-channel call: parameters in the body, never in the URL (SECURITY 5), JSON asked for
 * (SECURITY 13), one client authentication (RFC 6749 §2.3).
 */
export function backChannelRequest(input: BackChannelInput): HttpRequestSpec {
  const url = endpointHref(input.url, input.label, { allowInsecureHttp: input.allowInsecureHttp });
  const { contentType, body } = encodeBody({ ...input.params, ...input.auth.params }, input.encoding ?? 'form');
  const headers = mergeHeaders(
    { Accept: 'application/json', 'Content-Type': contentType, ...input.auth.headers },
    input.headers,
  );
  return { method: input.method, url, headers, body };
}
