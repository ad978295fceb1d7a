import type { ProviderPreset } from '../../../src/providers/types.ts';

/** A copy of `preset` whose endpoints live on `origin` (paths, queries and templates kept). */
export function pointAt(preset: ProviderPreset, origin: string): ProviderPreset {
  const move = (url: string) => url.replace(/^https:\/\/[^/]+/, origin);
  return {
    ...preset,
    authorizationEndpoint: move(preset.authorizationEndpoint),
    tokenEndpoint: move(preset.tokenEndpoint),
    ...(preset.refreshEndpoint ? { refreshEndpoint: move(preset.refreshEndpoint) } : {}),
    revocation: preset.revocation.style === 'none' ? preset.revocation : { ...preset.revocation, endpoint: move(preset.revocation.endpoint) },
    ...(preset.deviceAuthorization ? { deviceAuthorization: { ...preset.deviceAuthorization, endpoint: move(preset.deviceAuthorization.endpoint) } } : {}),
  };
}
