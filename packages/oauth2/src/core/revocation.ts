import { ConfigurationError, ProviderError } from '../errors.ts';
import { backChannelRequest, mergeHeaders, type BodyEncoding } from './backChannel.ts';
import { assertClientCredentials, basicAuthorization, clientAuthentication, type ClientCredentials } from './clientAuth.ts';
import { parseEndpoint } from './endpoint.ts';
import type { HttpRequestSpec, RawHttpResponse } from './http.ts';
import { nonEmptyString, parseJsonObject } from './json.ts';
import { throwIfErrorResponse } from './responseErrors.ts';

/** How a provider revokes tokens. Only `rfc7009` is standard; the others are documented quirks. */
export type RevocationSpec =
  /** RFC 7009: POST form `token` + `token_type_hint`, client authentication as at the token endpoint. */
  | {
      style: 'rfc7009';
      endpoint: string;
      /** Send `token_type_hint` (default true); some providers document only `token`. */
      tokenTypeHint?: boolean;
      /** Which tokens to revoke (default `both`): some providers only document access-token revocation. */
      tokens?: 'both' | 'access';
    }
  /** GitHub: DELETE `{client_id}`-templated endpoint, JSON `{access_token}`, Basic client credentials. */
  | { style: 'github'; endpoint: string }
  /** Dropbox: POST with the token itself as `Authorization: Bearer`, no body. */
  | { style: 'bearer'; endpoint: string }
  /** Slack `auth.revoke`: token-authenticated Web API call answering `{ok}`. */
  | { style: 'slack'; endpoint: string }
  | { style: 'none' };

export interface RevocationInput {
  revocation: RevocationSpec;
  accessToken: string;
  refreshToken?: string;
  client: ClientCredentials;
  encoding?: BodyEncoding;
  headers?: Record<string, string>;
  allowInsecureHttp?: boolean;
}

function rfc7009Requests(spec: Extract<RevocationSpec, { style: 'rfc7009' }>, input: RevocationInput): HttpRequestSpec[] {
  // RFC 7009 §2.1: revoking the refresh token invalidates the grant, so it goes first; the access
  // token is revoked too because servers need not cascade.
  const tokens: Array<[string, string]> = [];
  const refreshToken = input.refreshToken ?? '';
  if (refreshToken !== '' && (spec.tokens ?? 'both') === 'both') tokens.push([refreshToken, 'refresh_token']);
  tokens.push([input.accessToken, 'access_token']);
  const auth = clientAuthentication(input.client);
  return tokens.map(([token, hint]) =>
    backChannelRequest({
      method: 'POST',
      url: spec.endpoint,
      label: 'revocation endpoint',
      // RFC 7009 §2.1: the hint is OPTIONAL.
      params: spec.tokenTypeHint === false ? { token } : { token, token_type_hint: hint },
      auth,
      encoding: input.encoding,
      headers: input.headers,
      allowInsecureHttp: input.allowInsecureHttp,
    }),
  );
}

function githubRequest(endpoint: string, input: RevocationInput): HttpRequestSpec {
  const client = input.client;
  assertClientCredentials({ ...client, method: 'client_secret_basic' });
  const url = parseEndpoint(endpoint.replace('{client_id}', encodeURIComponent(client.clientId)), 'revocation endpoint', input);
  return {
    method: 'DELETE',
    url: url.href,
    headers: mergeHeaders(
      {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: basicAuthorization(client.clientId, client.clientSecret ?? ''),
      },
      input.headers,
    ),
    body: JSON.stringify({ access_token: input.accessToken }),
  };
}

/** The token authenticates its own revocation: Dropbox's RPC and Slack's Web API (RFC 6750 §2.1). */
function bearerRequest(endpoint: string, input: RevocationInput): HttpRequestSpec {
  const url = parseEndpoint(endpoint, 'revocation endpoint', input);
  return {
    method: 'POST',
    url: url.href,
    headers: mergeHeaders({ Accept: 'application/json', Authorization: `Bearer ${input.accessToken}` }, input.headers),
  };
}

/** The requests that revoke a user's tokens, in order; empty when the provider has no revocation. */
export function buildRevocationRequests(input: RevocationInput): HttpRequestSpec[] {
  if (input.accessToken === '') throw new ConfigurationError('There is no access token to revoke');
  const revocation = input.revocation;
  switch (revocation.style) {
    case 'rfc7009':
      return rfc7009Requests(revocation, input);
    case 'github':
      return [githubRequest(revocation.endpoint, input)];
    case 'bearer':
    case 'slack':
      return [bearerRequest(revocation.endpoint, input)];
    case 'none':
      return [];
  }
}

/**
 * Accepts any 2xx (RFC 7009 §2.2: also for tokens the server does not know, so revocation is
 * idempotent). Throws ProviderError for OAuth errors and for Slack's `{ok:false}`, and
 * InvalidResponseError for other failures.
 */
export function parseRevocationResponse(
  response: RawHttpResponse,
  normalize?: (r: RawHttpResponse) => RawHttpResponse,
  now?: number,
): void {
  const normalized = normalize ? normalize(response) : response;
  const body = parseJsonObject(normalized.body);
  throwIfErrorResponse(normalized, body, now);
  // Slack's Web API answers 200 {ok:false,error} for failures.
  if (body !== undefined && body['ok'] === false) {
    throw new ProviderError({ error: nonEmptyString(body, 'error') ?? 'unknown_error', status: normalized.status });
  }
}
