import { ConfigurationError } from '../errors.ts';
import { looksLikeSecretParam } from './sensitiveParams.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A host name (as the WHATWG URL parser normalizes it: `0x7f.1` is `127.0.0.1`, `::ffff:127.0.0.1`
 * is `[::ffff:7f00:1]`) that reaches this machine or its link: loopback, `*.localhost` (RFC 6761),
 * the unspecified address (Linux connects `0.0.0.0` to loopback), link-local (`169.254/16`: cloud
 * metadata services; `fe80::/10`).
 */
export function isLocalAddress(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '').toLowerCase();
  if (isLoopback(host) || host.endsWith('.localhost') || host === '0.0.0.0' || /^169\.254(\.\d{1,3}){2}$/.test(host)) return true;
  if (!host.startsWith('[')) return false;
  return host === '[::]' || /^\[fe[89ab][0-9a-f]:/.test(host) || /^\[::ffff:(7f|a9fe)[0-9a-f]{2}:/.test(host) || host === '[::ffff:0:0]';
}

export interface EndpointPolicy {
  /** Accept plain `http:` off loopback too (the client's `allowInsecureEndpoints`; never in production). */
  allowInsecureHttp?: boolean | undefined;
}

/**
 * Parses an authorization-server endpoint. It must be `https:` (RFC 6749 §3.1, §3.2 require TLS);
 * plain `http:` is accepted for loopback only, where local test servers live, unless the policy
 * allows it. `label` names the endpoint in the error; the URL itself is not quoted because a
 * misconfigured one may hold a secret. The one place this rule lives.
 */
export function parseEndpoint(url: string, label: string, policy: EndpointPolicy = {}): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ConfigurationError(`The ${label} is not an absolute URL`, { cause });
  }
  const plainHttpAllowed = policy.allowInsecureHttp === true || isLoopback(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && plainHttpAllowed)) {
    throw new ConfigurationError(`The ${label} must use https (plain http only on loopback, or with allowInsecureEndpoints)`);
  }
  // RFC 6749 §3.1, §3.2: endpoint URIs MUST NOT include a fragment component.
  if (parsed.hash !== '' || url.includes('#')) {
    throw new ConfigurationError(`The ${label} must not contain a fragment`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigurationError(`The ${label} must not contain credentials`);
  }
  for (const name of parsed.searchParams.keys()) {
    if (looksLikeSecretParam(name)) {
      throw new ConfigurationError(`The ${label} must not carry the parameter "${name}" in its query`);
    }
  }
  return parsed;
}

/** Endpoints that passed `parseEndpoint`, by policy and URL: a client calls the same few again and again. */
const checkedEndpoints = new Map<string, string>();
const CHECKED_ENDPOINTS_MAX = 256;

/**
 * `parseEndpoint(url, label, policy).href`, remembering URLs that passed (the rule depends only on
 * the URL and the policy; a refused URL is checked, and refused, every time).
 */
export function endpointHref(url: string, label: string, policy: EndpointPolicy = {}): string {
  const key = `${policy.allowInsecureHttp === true ? 1 : 0}${url}`;
  let href = checkedEndpoints.get(key);
  if (href === undefined) {
    href = parseEndpoint(url, label, policy).href;
    if (checkedEndpoints.size >= CHECKED_ENDPOINTS_MAX) checkedEndpoints.clear();
    checkedEndpoints.set(key, href);
  }
  return href;
}
