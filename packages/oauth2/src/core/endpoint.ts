import { ConfigurationError } from '../errors.ts';
import { looksLikeSecretParam } from './sensitiveParams.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Parses an authorization-server endpoint. It must be `https:` (RFC 6749 §3.1, §3.2 require TLS);
 * plain `http:` is accepted for loopback only, where local test servers live. `label` names the
 * endpoint in the error; the URL itself is not quoted because a misconfigured one may hold a secret.
 */
export function parseEndpoint(url: string, label: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ConfigurationError(`The ${label} is not an absolute URL`, { cause });
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname))) {
    throw new ConfigurationError(`The ${label} must use https`);
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
