import type { BodyEncoding } from '../core/tokenRequest.ts';
import type { ClientAuthMethod } from '../core/clientAuth.ts';
import type { RawHttpResponse } from '../core/http.ts';
import { mergeScopes } from '../core/scopes.ts';
import { ConfigurationError } from '../errors.ts';
import type { IOAuth2ClientOptions } from '../options.ts';

/** The options after defaults and the provider preset are applied; what every flow reads. */
export interface ClientProfile {
  alias: string;
  defaultScopes: string[];
  scopeSeparator: string;
  /** The authorization parameter that carries scopes (`scope`; Slack user tokens: `user_scope`). */
  scopeParameter?: string;
  /** Short scope names the provider grants under another name (for `hasScopes`). */
  scopeAliases: Readonly<Record<string, string>>;
  clientAuthMethod: ClientAuthMethod;
  authParams: Record<string, string>;
  headers: Record<string, string>;
  encoding: BodyEncoding;
  sendScopeOnRefresh: boolean;
  normalizeTokenResponse?: (r: RawHttpResponse) => RawHttpResponse;
  normalizeRevocationResponse?: (r: RawHttpResponse) => RawHttpResponse;
  /** The device grant's request details (RFC 8628), from the preset where it has any. */
  device: DeviceProfile;
  refreshWindowMs: number;
  stateTtlMs: number;
  timeoutMs: number;
  allowInsecureEndpoints: boolean;
}

export interface DeviceProfile {
  clientAuthMethod: ClientAuthMethod;
  scopeParameter?: string;
  sendScopeWhenPolling: boolean;
  normalizeResponse?: (r: RawHttpResponse) => RawHttpResponse;
}

const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A non-negative number option, or its default. */
export function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new ConfigurationError(`${name} must be a non-negative number`);
  return value;
}

export function buildProfile(options: IOAuth2ClientOptions): ClientProfile {
  if (typeof options.alias !== 'string' || !ALIAS.test(options.alias)) {
    throw new ConfigurationError('alias must be 1-64 letters, digits, "_", "." or "-" (it names an endpoint path and settings)');
  }
  const preset = options.provider;
  const profile: ClientProfile = {
    alias: options.alias,
    defaultScopes: mergeScopes(preset?.defaultScopes, options.defaultScopes),
    scopeSeparator: preset?.scopeSeparator ?? ' ',
    scopeAliases: preset?.scopeAliases ?? {},
    clientAuthMethod: options.clientAuthMethod ?? (options.privateKey !== undefined ? 'private_key_jwt' : (preset?.clientAuthMethod ?? 'client_secret_basic')),
    authParams: { ...preset?.authParams, ...options.extraAuthParams },
    headers: { ...preset?.headers },
    encoding: preset?.tokenRequestEncoding ?? 'form',
    sendScopeOnRefresh: preset?.sendScopeOnRefresh ?? false,
    device: { clientAuthMethod: 'none', sendScopeWhenPolling: false },
    refreshWindowMs: positive('refreshWindowSeconds', options.refreshWindowSeconds, 60) * 1000,
    stateTtlMs: positive('stateTtlSeconds', options.stateTtlSeconds, 600) * 1000,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 10_000),
    allowInsecureEndpoints: options.allowInsecureEndpoints ?? false,
  };
  if (profile.stateTtlMs === 0 || profile.timeoutMs === 0) {
    throw new ConfigurationError('stateTtlSeconds and timeoutMs must be greater than zero');
  }
  if (preset?.scopeParameter) profile.scopeParameter = preset.scopeParameter;
  profile.device = deviceProfile(options, profile.clientAuthMethod);
  if (preset?.normalizeTokenResponse) profile.normalizeTokenResponse = preset.normalizeTokenResponse;
  if (preset?.normalizeRevocationResponse) profile.normalizeRevocationResponse = preset.normalizeRevocationResponse;
  return profile;
}

function deviceProfile(options: IOAuth2ClientOptions, clientAuthMethod: ClientAuthMethod): DeviceProfile {
  const spec = options.provider?.deviceAuthorization;
  // An explicit clientAuthMethod is the app's choice for every grant; else the preset's device rule.
  const device: DeviceProfile = {
    clientAuthMethod: options.clientAuthMethod ?? spec?.clientAuthMethod ?? clientAuthMethod,
    sendScopeWhenPolling: spec?.sendScopeWhenPolling ?? false,
  };
  if (spec?.scopeParameter) device.scopeParameter = spec.scopeParameter;
  const normalize = spec?.normalizeResponse ?? options.provider?.normalizeTokenResponse;
  if (normalize) device.normalizeResponse = normalize;
  return device;
}
