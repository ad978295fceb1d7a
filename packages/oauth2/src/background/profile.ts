import { positive } from '../client/profile.ts';
import { ConfigurationError } from '../errors.ts';
import type { IOAuth2ClientOptions } from '../options.ts';
import type { TokenValidationSpec } from '../providers/types.ts';

/** Background refresh as one client runs it, defaults and preset data applied. */
export interface BackgroundProfile {
  aheadOfExpiry: boolean;
  /** How long a refresh token lives unused, when the provider limits it. */
  idleMs?: number;
  /** The token check a provider requires, and how often. */
  validation?: { endpoint: string; scheme: TokenValidationSpec['scheme']; everyMs: number };
  /** Background token requests per minute per provider. */
  perMinute: number;
  jitter: number;
}

/** `undefined` when the app turned background refresh off. */
export function backgroundProfile(options: IOAuth2ClientOptions): BackgroundProfile | undefined {
  const own = options.backgroundRefresh;
  if (own === false) return undefined;
  const preset = options.provider;
  const profile: BackgroundProfile = {
    aheadOfExpiry: own?.aheadOfExpiry ?? true,
    perMinute: positive('backgroundRefresh.perMinute', own?.perMinute, 60),
    jitter: positive('backgroundRefresh.jitter', own?.jitter, 0.1),
  };
  if (profile.perMinute === 0) throw new ConfigurationError('backgroundRefresh.perMinute must be greater than zero');
  if (profile.jitter > 0.5) throw new ConfigurationError('backgroundRefresh.jitter must be at most 0.5');
  const idleSeconds = own?.refreshTokenIdleSeconds ?? preset?.refreshTokenLifetime?.idleSeconds;
  if (idleSeconds !== undefined) profile.idleMs = positive('backgroundRefresh.refreshTokenIdleSeconds', idleSeconds, 0) * 1000;
  const validation = preset?.tokenValidation;
  const every = own?.validateEverySeconds ?? validation?.intervalSeconds;
  if (validation && every !== undefined && every > 0) {
    profile.validation = { endpoint: validation.endpoint, scheme: validation.scheme, everyMs: positive('backgroundRefresh.validateEverySeconds', every, 0) * 1000 };
  }
  return profile;
}
