import { ConfigurationError } from '../errors.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Checks an endpoint before any request goes to it: absolute, `https:` (or `http:` on loopback, or
 * anywhere with `allowInsecure`), no credentials and no fragment (RFC 6749 §3.1, §3.2; RFC 9700 §2.6).
 */
export function assertSafeEndpoint(name: string, value: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ConfigurationError(`${name} is not an absolute URL`, { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${name} must use https:`);
  }
  if (url.protocol === 'http:' && !allowInsecure && !isLoopback(url.hostname)) {
    throw new ConfigurationError(`${name} uses http: on a non-loopback host; set allowInsecureEndpoints to allow it`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(`${name} must not carry credentials`);
  }
  if (url.hash) {
    throw new ConfigurationError(`${name} must not have a fragment`);
  }
  return value;
}
