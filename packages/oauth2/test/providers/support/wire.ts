/** Decoding what a client sent, the way an RFC 6749 server does. */
import { createHash } from 'node:crypto';
import type { RecordedRequest } from './fakeProvider.ts';

export function formParams(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body));
}

export function jsonParams(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}

/** RFC 6749 §2.3.1: base64, then form-decoding of id and secret; undefined without Basic. */
export function basicCredentials(request: RecordedRequest): [string, string] | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers['authorization'] ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));
  return [unform(decoded.slice(0, colon)), unform(decoded.slice(colon + 1))];
}

/** RFC 7636 §4.6 verification by the server. */
export function verifierMatches(verifier: unknown, challenge: string): boolean {
  return typeof verifier === 'string' && createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge;
}
