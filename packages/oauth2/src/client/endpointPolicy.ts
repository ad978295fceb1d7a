import { parseEndpoint } from '../core/endpoint.ts';

/**
 * Checks an endpoint when it is resolved, before any state is stored or request sent. The rule
 * itself (https, or http on loopback or with `allowInsecureEndpoints`; no credentials, no
 * fragment) lives in the core's `parseEndpoint`, which every request builder applies again.
 */
export function assertSafeEndpoint(name: string, value: string, allowInsecure: boolean): string {
  parseEndpoint(value, name, { allowInsecureHttp: allowInsecure });
  return value;
}
