/**
 * Checks a fake provider applies to a token request, as the real provider documents them. A
 * failed check answers like a provider would (an OAuth error), so a preset that sends the wrong
 * request fails its test through the same path a real deployment would.
 */
import type { FakeReply, RecordedRequest } from './fakeProvider.ts';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './flow.ts';
import { basicCredentials, formParams, jsonParams, verifierMatches } from './wire.ts';

export interface TokenExpectations {
  /** The one documented client authentication method. */
  clientAuth: 'basic' | 'post';
  encoding?: 'form' | 'json';
  /** Headers that must be present with these values (lower-case names). */
  headers?: Record<string, string>;
  /** The S256 challenge from the authorization request, when the provider checks PKCE. */
  codeChallenge?: string;
  /** How this provider words an error; default RFC 6749 §5.2 JSON with status 400/401. */
  reject?: (status: number, error: string) => FakeReply;
}

const rfc6749Reject = (status: number, error: string): FakeReply => ({ status, body: { error } });

export function requestParams(request: RecordedRequest, encoding: 'form' | 'json' = 'form'): Record<string, unknown> {
  return encoding === 'json' ? jsonParams(request) : formParams(request);
}

/** An error reply when the request breaks a documented rule, else undefined. */
export function checkTokenRequest(request: RecordedRequest, expected: TokenExpectations): FakeReply | undefined {
  const reject = expected.reject ?? rfc6749Reject;
  const encoding = expected.encoding ?? 'form';
  const contentType = encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  if (request.method !== 'POST' || !(request.headers['content-type'] ?? '').startsWith(contentType)) {
    return reject(400, 'invalid_request');
  }
  if (request.query.size > 0) return reject(400, 'invalid_request');
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    if (request.headers[name] !== value) return reject(400, 'invalid_request');
  }
  const params = requestParams(request, encoding);
  const basic = basicCredentials(request);
  const authenticated =
    expected.clientAuth === 'basic'
      ? basic?.[0] === CLIENT_ID && basic[1] === CLIENT_SECRET && !('client_secret' in params)
      : basic === undefined && params['client_id'] === CLIENT_ID && params['client_secret'] === CLIENT_SECRET;
  if (!authenticated) return reject(401, 'invalid_client');
  if (params['grant_type'] === 'authorization_code') {
    if (params['redirect_uri'] !== REDIRECT_URI) return reject(400, 'invalid_grant');
    if (expected.codeChallenge && !verifierMatches(params['code_verifier'], expected.codeChallenge)) {
      return reject(400, 'invalid_grant');
    }
  }
  return undefined;
}
