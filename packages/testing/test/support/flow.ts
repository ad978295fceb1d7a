// Test-side OAuth client steps, written out by hand so the tests check the server
// against the RFCs rather than against the SDK's own client.
import { createHash, randomBytes } from 'node:crypto';
import type { AuthorizationServer } from '../../src/index.ts';

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface AuthorizationRequest {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

export function authorizationRequest(
  as: AuthorizationServer,
  clientId: string,
  redirectUri: string,
  scope = 'openid email profile',
): AuthorizationRequest {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const url = new URL(as.endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    // OpenID Connect Core §3.1.2.1: nonce belongs to OpenID requests only.
    ...(scope.split(' ').includes('openid') ? { nonce } : {}),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { url, verifier, state, nonce };
}

export type ClientAuth =
  | { method: 'client_secret_basic'; clientId: string; clientSecret: string }
  | { method: 'client_secret_post'; clientId: string; clientSecret: string }
  | { method: 'none'; clientId: string };

export async function postForm(
  endpoint: string,
  auth: ClientAuth,
  params: Record<string, string>,
): Promise<TokenResponse> {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (auth.method === 'client_secret_basic') {
    headers.authorization = basicAuthorization(auth.clientId, auth.clientSecret);
  } else {
    form.set('client_id', auth.clientId);
    if (auth.method === 'client_secret_post') form.set('client_secret', auth.clientSecret);
  }
  const response = await fetch(endpoint, { method: 'POST', headers, body: form, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

export function exchangeCode(
  as: AuthorizationServer,
  auth: ClientAuth,
  code: string,
  redirectUri: string,
  verifier: string,
): Promise<TokenResponse> {
  return postForm(as.endpoints.token, auth, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

export function refresh(as: AuthorizationServer, auth: ClientAuth, refreshToken: string): Promise<TokenResponse> {
  return postForm(as.endpoints.token, auth, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

export function revoke(as: AuthorizationServer, auth: ClientAuth, token: string, hint?: string): Promise<TokenResponse> {
  return postForm(as.endpoints.revocation, auth, { token, ...(hint === undefined ? {} : { token_type_hint: hint }) });
}

export function stringField(response: TokenResponse, name: string): string {
  const value = response.body[name];
  if (typeof value !== 'string') {
    throw new Error(`expected string ${name} in HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
  return value;
}
