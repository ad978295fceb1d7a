import { ConfigurationError } from '../errors.ts';
import { backChannelRequest, type BodyEncoding } from './backChannel.ts';
import { clientAuthentication, type ClientCredentials } from './clientAuth.ts';
import type { HttpRequestSpec } from './http.ts';
import { mergeScopes } from './scopes.ts';

export type { BodyEncoding } from './backChannel.ts';

/** What every token endpoint request carries besides its grant parameters. */
export interface TokenEndpointCall {
  tokenEndpoint: string;
  client: ClientCredentials;
  encoding?: BodyEncoding;
  headers?: Record<string, string>;
  allowInsecureHttp?: boolean;
}

export interface CodeExchangeInput extends TokenEndpointCall {
  code: string;
  /** Byte-identical to the one in the authorization request (RFC 6749 §4.1.3, SECURITY 4). */
  redirectUri: string;
  codeVerifier: string;
}

function required(value: string, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConfigurationError(`The ${name} is missing`);
  }
  return value;
}

/** A POST to the token endpoint with the grant's parameters and one client authentication. */
export function tokenEndpointRequest(call: TokenEndpointCall, params: Record<string, string>): HttpRequestSpec {
  return backChannelRequest({
    method: 'POST',
    url: call.tokenEndpoint,
    label: 'token endpoint',
    params,
    auth: clientAuthentication(call.client),
    encoding: call.encoding,
    headers: call.headers,
    allowInsecureHttp: call.allowInsecureHttp,
  });
}

/**
 * Adds `scope` (or the provider's own parameter name) when there is one: RFC 6749 §3.3 scopes,
 * de-duplicated, joined by the separator.
 */
export function withScope(params: Record<string, string>, scopes: readonly string[] | undefined, separator = ' ', name = 'scope'): Record<string, string> {
  const merged = mergeScopes(scopes);
  return merged.length > 0 ? { ...params, [name]: merged.join(separator) } : params;
}

/** RFC 6749 §4.1.3 access token request, with the RFC 7636 §4.5 `code_verifier`. */
export function buildCodeExchangeRequest(input: CodeExchangeInput): HttpRequestSpec {
  return tokenEndpointRequest(input, {
    grant_type: 'authorization_code',
    code: required(input.code, 'authorization code'),
    redirect_uri: required(input.redirectUri, 'redirect URI'),
    code_verifier: required(input.codeVerifier, 'PKCE code verifier'),
  });
}

export interface RefreshInput extends TokenEndpointCall {
  refreshToken: string;
  /** Sent only when non-empty: RFC 6749 §6 treats an omitted scope as "as originally granted". */
  scopes?: readonly string[];
  scopeSeparator?: string;
}

/** RFC 6749 §6 refresh request. */
export function buildRefreshRequest(input: RefreshInput): HttpRequestSpec {
  const params = { grant_type: 'refresh_token', refresh_token: required(input.refreshToken, 'refresh token') };
  return tokenEndpointRequest(input, withScope(params, input.scopes, input.scopeSeparator));
}

export interface ClientCredentialsInput extends TokenEndpointCall {
  /** Sent only when non-empty (RFC 6749 §4.4.2: `scope` is OPTIONAL). */
  scopes?: readonly string[];
  scopeSeparator?: string;
}

/** RFC 6749 §4.4.2 access token request of the client credentials grant: the client acts for itself. */
export function buildClientCredentialsRequest(input: ClientCredentialsInput): HttpRequestSpec {
  if (input.client.method === 'none') {
    // RFC 6749 §4.4: only a confidential client may use this grant.
    throw new ConfigurationError('The client credentials grant needs client authentication (not "none")');
  }
  return tokenEndpointRequest(input, withScope({ grant_type: 'client_credentials' }, input.scopes, input.scopeSeparator));
}
