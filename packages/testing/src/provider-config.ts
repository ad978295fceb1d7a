import { randomBytes } from 'node:crypto';
import type { errors as OidcErrors, interactionPolicy as OidcInteractionPolicy } from 'oidc-provider';
import { accountFinder, SCOPE_CLAIMS } from './accounts.ts';
import { successSource, userCodeConfirmSource, userCodeInputSource } from './device-pages.ts';
import { renderError } from './error-page.ts';
import { logoutSource, postLogoutSuccessSource } from './sign-out-pages.ts';
import { interactionPolicyFor } from './interaction-policy.ts';
import { memoryAdapterFactory, type MemoryStore } from './memory-adapter.ts';
import { generateSigningJwks, ID_TOKEN_ALG } from './signing-key.ts';
import type { AccountSpec } from './types.ts';

const DAY = 24 * 60 * 60;

export interface ProviderSettings {
  store: MemoryStore;
  accounts: readonly AccountSpec[];
  /** Client metadata, already translated and including the internal introspection client. */
  clients: Record<string, unknown>[];
  introspectorClientId: string;
  scopes: readonly string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  idTokenTtlSeconds: number;
  authorizationCodeTtlSeconds: number;
  deviceCodeTtlSeconds: number;
  rotateRefreshTokens: boolean;
  issueRefreshTokens: boolean | 'first-consent';
  errors: typeof OidcErrors;
  interactionPolicy: typeof OidcInteractionPolicy;
}

interface ClientLike {
  clientId: string;
  grantTypeAllowed(grantType: string): boolean;
}

interface GrantSourceLike {
  accountId?: string;
}

/**
 * Whether a grant gets a refresh token. `first-consent` issues one only the first time an account
 * authorizes a client, as Google does without `prompt=consent`: a later authorization (more
 * scopes, a reconnect) comes back without one.
 */
function refreshTokenPolicy(issue: boolean | 'first-consent') {
  const issuedTo = new Set<string>();
  return async (_ctx: unknown, client: ClientLike, code: GrantSourceLike | undefined): Promise<boolean> => {
    if (issue === false || !client.grantTypeAllowed('refresh_token')) return false;
    if (issue === true) return true;
    const key = `${client.clientId}\u0000${code?.accountId ?? ''}`;
    if (issuedTo.has(key)) return false;
    issuedTo.add(key);
    return true;
  };
}

interface TokenLike {
  clientId?: string;
}

/**
 * The whole oidc-provider configuration. Every default function that would print a
 * "you SHOULD change it" notice is replaced here with the policy this kit wants.
 */
export function providerConfiguration(settings: ProviderSettings): Record<string, unknown> {
  const { errors, introspectorClientId } = settings;
  return {
    adapter: memoryAdapterFactory(settings.store),
    jwks: generateSigningJwks(),
    clients: settings.clients,
    findAccount: accountFinder(settings.accounts),
    // oidc-provider adds every scope named here to the supported ones; keep to the configured.
    claims: Object.fromEntries(
      Object.entries(SCOPE_CLAIMS)
        .filter(([scope]) => settings.scopes.includes(scope))
        .map(([scope, claims]) => [scope, [...claims]]),
    ),
    scopes: [...settings.scopes],
    responseTypes: ['code'],
    // PKCE on every client, S256 only (oidc-provider 9 rejects `plain` outright).
    pkce: { required: () => true },
    // The token request must repeat the exact redirect_uri (RFC 6749 §4.1.3), even when
    // the client has only one registered.
    allowOmittingSingleRegisteredRedirectUri: false,
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: ID_TOKEN_ALG,
    },
    // Signed cookies need keys; a fresh secret per server is enough for a test server.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: true },
      // RFC 6749 §4.4, for confidential clients acting for themselves.
      clientCredentials: { enabled: true },
      // RFC 8628, with the kit's own pages (no third-party font, no notices).
      deviceFlow: { enabled: true, charset: 'base-20', mask: '****-****', userCodeInputSource, userCodeConfirmSource, successSource },
      userinfo: { enabled: true },
      introspection: {
        enabled: true,
        // The internal client sees every token; others only their own (RFC 7662 §4).
        allowedPolicy: async (_ctx: unknown, client: ClientLike, token: TokenLike) =>
          client.clientId === introspectorClientId || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client may revoke only tokens issued to it.
        allowedPolicy: async (_ctx: unknown, client: ClientLike, token: TokenLike) => {
          if (token.clientId !== client.clientId) {
            throw new errors.UnauthorizedClient('the token was not issued to this client');
          }
          return true;
        },
      },
      // Plain opaque access tokens for the userinfo endpoint, no audience bookkeeping.
      resourceIndicators: { enabled: false },
      // Nothing here sends DPoP proofs; advertising it would only invite confusion.
      dPoP: { enabled: false },
      // A sign-out page (`/session/end`), so a browser can switch accounts; the kit's own pages.
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    // Refresh tokens whenever the client may use them, without `offline_access` +
    // `prompt=consent`, so client tests need no provider-specific parameters.
    issueRefreshToken: refreshTokenPolicy(settings.issueRefreshTokens),
    rotateRefreshToken: settings.rotateRefreshTokens,
    // Tokens outlive the headless login session (completeConsent drops its cookie jar).
    expiresWithSession: async () => false,
    // Only server-side code calls this server; no browser origin needs CORS.
    clientBasedCORS: () => false,
    renderError,
    interactions: { policy: interactionPolicyFor(settings.interactionPolicy) },
    ttl: {
      AccessToken: settings.accessTokenTtlSeconds,
      AuthorizationCode: settings.authorizationCodeTtlSeconds,
      ClientCredentials: settings.accessTokenTtlSeconds,
      DeviceCode: settings.deviceCodeTtlSeconds,
      IdToken: settings.idTokenTtlSeconds,
      RefreshToken: settings.refreshTokenTtlSeconds,
      Interaction: 60 * 60,
      Session: 14 * DAY,
      // The grant must outlive every token issued under it.
      Grant: Math.max(14 * DAY, settings.refreshTokenTtlSeconds, settings.accessTokenTtlSeconds),
    },
  };
}
