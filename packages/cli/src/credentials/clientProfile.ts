import type { BodyEncoding, ClientCredentials, RawHttpResponse } from '@plugboard/oauth2/core';
import type { AppCredentials } from './appCredentials.ts';
import { findPreset } from './presets.ts';

/** Everything a one-off grant or a refresh needs to know about the client and its provider. */
export interface ClientProfile {
  client: ClientCredentials;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  refreshEndpoint: string;
  /** RFC 9207: when known, a callback's `iss` must equal it. */
  issuer?: string;
  scopeSeparator: string;
  scopeParameter?: string;
  defaultScopes: readonly string[];
  extraAuthParams: Record<string, string>;
  headers?: Record<string, string>;
  encoding?: BodyEncoding;
  sendScopeOnRefresh: boolean;
  normalizeTokenResponse?: (r: RawHttpResponse) => RawHttpResponse;
}

/**
 * Combines an app credentials file with its provider preset. URIs written in the file win over
 * the preset's, as explicit options win in createOAuth2Client.
 */
export function clientProfile(app: AppCredentials): ClientProfile {
  const preset = app.provider === undefined ? undefined : findPreset(app.provider, app.providerOptions);
  const profile: ClientProfile = {
    client: { clientId: app.id, clientSecret: app.secret, method: preset?.clientAuthMethod ?? 'client_secret_basic' },
    authorizationEndpoint: app.authUri,
    tokenEndpoint: app.tokenUri,
    refreshEndpoint: app.tokenUri === preset?.tokenEndpoint ? (preset.refreshEndpoint ?? app.tokenUri) : app.tokenUri,
    scopeSeparator: preset?.scopeSeparator ?? ' ',
    defaultScopes: preset?.defaultScopes ?? [],
    extraAuthParams: { ...(preset?.authParams ?? {}) },
    sendScopeOnRefresh: preset?.sendScopeOnRefresh ?? false,
  };
  const issuer = app.issuer ?? preset?.issuer;
  if (issuer !== undefined) profile.issuer = issuer;
  if (preset?.scopeParameter !== undefined) profile.scopeParameter = preset.scopeParameter;
  if (preset?.headers !== undefined) profile.headers = preset.headers;
  if (preset?.tokenRequestEncoding !== undefined) profile.encoding = preset.tokenRequestEncoding;
  if (preset?.normalizeTokenResponse !== undefined) profile.normalizeTokenResponse = preset.normalizeTokenResponse;
  return profile;
}
