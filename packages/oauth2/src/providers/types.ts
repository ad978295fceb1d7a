import type { BodyEncoding } from '../core/backChannel.ts';
import type { ClientAuthMethod } from '../core/clientAuth.ts';
import type { RawHttpResponse } from '../core/http.ts';
import type { RevocationSpec } from '../core/revocation.ts';

export type ResponseNormalizer = (r: RawHttpResponse) => RawHttpResponse;

/** How a provider runs the device authorization grant (RFC 8628), where it offers it. */
export interface DeviceAuthorizationSpec {
  /** The device authorization endpoint (RFC 8628 §3.1). */
  endpoint: string;
  /** Client authentication for the device requests when it differs (public-client flows: `none`). */
  clientAuthMethod?: ClientAuthMethod;
  /** The parameter that carries the scopes when it is not `scope` (Twitch: `scopes`). */
  scopeParameter?: string;
  /** Send the scopes again with every poll (Twitch). */
  sendScopeWhenPolling?: boolean;
  /** Repairs the device authorization answer (Google: `verification_url`). Default: the token normalizer. */
  normalizeResponse?: ResponseNormalizer;
  /** What the app must know (a separate client type, a setting to turn on...). */
  notes: readonly string[];
  /** The provider's documentation of its device flow. */
  docs: string;
}

export interface RefreshTokenLifetime {
  idleSeconds?: number;
  maxAgeSeconds?: number;
}

/** `GET endpoint` with `Authorization: <scheme> <access token>`: 200 valid, 401 no longer valid. */
export interface TokenValidationSpec {
  endpoint: string;
  intervalSeconds: number;
  scheme: 'Bearer' | 'OAuth';
  docs: string;
}

/** A provider described as data: endpoints, authentication, extra parameters, small repairs. */
export interface ProviderPreset {
  /** Stable name, also the key in `presets` ('google'). */
  id: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Defaults to `tokenEndpoint`. */
  refreshEndpoint?: string;
  revocation: RevocationSpec;
  /** OIDC issuer when the provider is one (google, a microsoft tenant). */
  issuer?: string;
  clientAuthMethod: ClientAuthMethod;
  /** Documentation only: the client always sends S256 and never downgrades (SECURITY 2). */
  pkce: 'S256' | 'unsupported';
  /** Extra authorization parameters. */
  authParams?: Record<string, string>;
  scopeSeparator: ' ' | ',';
  /** Authorization parameter that carries the scopes, when not `scope` (Slack user tokens: `user_scope`). */
  scopeParameter?: string;
  defaultScopes?: readonly string[];
  /** Short scope names the provider grants under another name (Google: `email` as `.../userinfo.email`). */
  scopeAliases?: Readonly<Record<string, string>>;
  /** Sent on every back-channel call (User-Agent, Notion-Version, Accept). */
  headers?: Record<string, string>;
  /** 'json' for Notion; form otherwise. */
  tokenRequestEncoding?: BodyEncoding;
  /** Whether a refresh returns a new refresh token that invalidates the old one. */
  refreshTokenRotates: boolean;
  /**
   * How long a refresh token lives, as the provider documents it (the preset's comment cites where):
   * `idleSeconds` unused (each refresh starts it again: background refresh keeps a grant alive
   * before it), `maxAgeSeconds` at most from the user's authorization, however often it is used.
   */
  refreshTokenLifetime?: RefreshTokenLifetime;
  /** A provider that requires apps to check their tokens periodically (Twitch: at start and hourly). */
  tokenValidation?: TokenValidationSpec;
  /** Microsoft: send `scope` with every refresh. */
  sendScopeOnRefresh?: boolean;
  normalizeTokenResponse?: ResponseNormalizer;
  normalizeRevocationResponse?: ResponseNormalizer;
  /** The device authorization grant, where the provider offers it. */
  deviceAuthorization?: DeviceAuthorizationSpec;
  /** Human-readable quirks for the README table. */
  notes: readonly string[];
  /** URL of the provider's documentation. */
  docs: string;
}
