import { ConfigurationError } from '../errors.ts';
import { parseEndpoint } from './endpoint.ts';
import { mergeScopes } from './scopes.ts';
import { looksLikeSecretParam } from './sensitiveParams.ts';

export interface AuthorizationUrlInput {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  /** RFC 6749 §3.3 says space; some providers (GitHub, Linear...) document a comma. */
  scopeSeparator?: string;
  /** Where the scopes go; `scope` unless the provider uses another name (Slack's `user_scope`). */
  scopeParameter?: string;
  state: string;
  codeChallenge: string;
  nonce?: string;
  /** Provider-specific parameters (`access_type`, `prompt`, `audience`...). */
  extraParams?: Record<string, string>;
  allowInsecureHttp?: boolean;
}

/** Parameters the protocol sets; extra parameters may not replace them (SECURITY 1, 2, 5). */
const RESERVED = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'client_secret',
]);

const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function assertRedirectUri(redirectUri: string): void {
  let parsed: URL;
  try {
    parsed = new URL(redirectUri);
  } catch (cause) {
    throw new ConfigurationError('The redirect URI is not an absolute URL', { cause });
  }
  // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment.
  if (parsed.hash !== '' || redirectUri.includes('#')) {
    throw new ConfigurationError('The redirect URI must not contain a fragment');
  }
}

/**
 * RFC 6749 §4.1.1 authorization request with RFC 7636 §4.3 PKCE. Always `response_type=code`
 * and `code_challenge_method=S256`, whatever the preset says about PKCE support: a provider that
 * ignores PKCE ignores the parameters, and a downgrade is never offered (SECURITY 2).
 */
export function buildAuthorizationUrl(input: AuthorizationUrlInput): URL {
  const url = parseEndpoint(input.authorizationEndpoint, 'authorization endpoint', { allowInsecureHttp: input.allowInsecureHttp });
  if (input.clientId === '') throw new ConfigurationError('The client id is missing');
  assertRedirectUri(input.redirectUri);
  if (input.state === '') throw new ConfigurationError('The state is missing');
  if (!CODE_CHALLENGE.test(input.codeChallenge)) {
    throw new ConfigurationError('The code challenge must be an S256 challenge (43 base64url characters)');
  }

  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
  ];
  const scopes = mergeScopes(input.scopes);
  const scopeParameter = input.scopeParameter ?? 'scope';
  if (scopeParameter !== 'scope' && (RESERVED.has(scopeParameter) || looksLikeSecretParam(scopeParameter))) {
    throw new ConfigurationError(`"${scopeParameter}" cannot carry the scopes`);
  }
  if (scopes.length > 0) params.push([scopeParameter, scopes.join(input.scopeSeparator ?? ' ')]);
  params.push(['state', input.state], ['code_challenge', input.codeChallenge], ['code_challenge_method', 'S256']);
  if (input.nonce !== undefined && input.nonce !== '') params.push(['nonce', input.nonce]);

  for (const [name, value] of Object.entries(input.extraParams ?? {})) {
    if (RESERVED.has(name) || looksLikeSecretParam(name)) {
      throw new ConfigurationError(`The authorization parameter "${name}" cannot be set as an extra parameter`);
    }
    params.push([name, value]);
  }

  // SECURITY 5: no parameter twice, including one already on the configured endpoint.
  for (const [name, value] of params) {
    if (url.searchParams.has(name)) {
      throw new ConfigurationError(`The authorization parameter "${name}" is already on the authorization endpoint`);
    }
    url.searchParams.append(name, value);
  }
  return url;
}
