import { ConfigurationError } from '../errors.ts';
import { looksLikeSecretParam } from './sensitiveParams.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
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
