import { ConfigurationError } from '../errors.ts';
import { parseEndpoint } from '../core/endpoint.ts';
import type { ProviderPreset } from './types.ts';

/**
 * Checks a preset's endpoints once, when it is made, and freezes it so a shared preset cannot be
 * changed by one caller under another. Every provider endpoint is `https:` (RFC 6749 §3.1, §3.2).
 */
export function definePreset(preset: ProviderPreset): Readonly<ProviderPreset> {
  const endpoints: Array<[string, string | undefined]> = [
    ['authorization endpoint', preset.authorizationEndpoint],
    ['token endpoint', preset.tokenEndpoint],
    ['refresh endpoint', preset.refreshEndpoint],
    ['revocation endpoint', preset.revocation.style === 'none' ? undefined : preset.revocation.endpoint],
    ['device authorization endpoint', preset.deviceAuthorization?.endpoint],
    ['token validation endpoint', preset.tokenValidation?.endpoint],
  ];
  for (const [label, url] of endpoints) {
    if (url === undefined) continue;
    // `{client_id}` is GitHub's path template, filled in per request.
    if (!parseEndpoint(url.replace('{client_id}', 'x'), `${preset.id} ${label}`).protocol.startsWith('https')) {
      throw new ConfigurationError(`The ${preset.id} ${label} must use https`);
    }
  }
  return Object.freeze({
    ...preset,
    revocation: Object.freeze({ ...preset.revocation }),
    notes: Object.freeze([...preset.notes]),
    ...(preset.authParams ? { authParams: Object.freeze({ ...preset.authParams }) } : {}),
    ...(preset.headers ? { headers: Object.freeze({ ...preset.headers }) } : {}),
    ...(preset.refreshTokenLifetime ? { refreshTokenLifetime: Object.freeze({ ...preset.refreshTokenLifetime }) } : {}),
    ...(preset.tokenValidation ? { tokenValidation: Object.freeze({ ...preset.tokenValidation }) } : {}),
    ...(preset.defaultScopes ? { defaultScopes: Object.freeze([...preset.defaultScopes]) } : {}),
    ...(preset.scopeAliases ? { scopeAliases: Object.freeze({ ...preset.scopeAliases }) } : {}),
    ...(preset.deviceAuthorization
      ? { deviceAuthorization: Object.freeze({ ...preset.deviceAuthorization, notes: Object.freeze([...preset.deviceAuthorization.notes]) }) }
      : {}),
  });
}
