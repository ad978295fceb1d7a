import { ConfigurationError } from '../errors.ts';
import { backChannelRequest, type BodyEncoding } from './backChannel.ts';
import { clientAuthentication, type ClientCredentials } from './clientAuth.ts';
import type { HttpRequestSpec } from './http.ts';
import { mergeScopes } from './scopes.ts';

export type { BodyEncoding } from './backChannel.ts';

export interface CodeExchangeInput {
  tokenEndpoint: string;
  code: string;
  /** Byte-identical to the one in the authorization request (RFC 6749 §4.1.3, SECURITY 4). */
  redirectUri: string;
  codeVerifier: string;
  client: ClientCredentials;
  encoding?: BodyEncoding;
  headers?: Record<string, string>;
  allowInsecureHttp?: boolean;
}

function required(value: string, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConfigurationError(`The ${name} is missing`);
  }
  return value;
}

/** RFC 6749 §4.1.3 access token request, with the RFC 7636 §4.5 `code_verifier`. */
export function buildCodeExchangeRequest(input: CodeExchangeInput): HttpRequestSpec {
  return backChannelRequest({
    method: 'POST',
    url: input.tokenEndpoint,
    label: 'token endpoint',
    params: {
      grant_type: 'authorization_code',
      code: required(input.code, 'authorization code'),
      redirect_uri: required(input.redirectUri, 'redirect URI'),
      code_verifier: required(input.codeVerifier, 'PKCE code verifier'),
    },
    auth: clientAuthentication(input.client),
    encoding: input.encoding,
    headers: input.headers,
    allowInsecureHttp: input.allowInsecureHttp,
  });
}

export interface RefreshInput {
  tokenEndpoint: string;
  refreshToken: string;
  /** Sent only when non-empty: RFC 6749 §6 treats an omitted scope as "as originally granted". */
  scopes?: readonly string[];
  scopeSeparator?: string;
  client: ClientCredentials;
  encoding?: BodyEncoding;
  headers?: Record<string, string>;
  allowInsecureHttp?: boolean;
}

/** RFC 6749 §6 refresh request. */
export function buildRefreshRequest(input: RefreshInput): HttpRequestSpec {
  const params: Record<string, string> = {
    grant_type: 'refresh_token',
    refresh_token: required(input.refreshToken, 'refresh token'),
  };
  const scopes = mergeScopes(input.scopes);
  if (scopes.length > 0) params['scope'] = scopes.join(input.scopeSeparator ?? ' ');
  return backChannelRequest({
    method: 'POST',
    url: input.tokenEndpoint,
    label: 'token endpoint',
    params,
    auth: clientAuthentication(input.client),
    encoding: input.encoding,
    headers: input.headers,
    allowInsecureHttp: input.allowInsecureHttp,
  });
}
