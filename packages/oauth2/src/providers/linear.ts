// Facts: https://linear.app/developers/oauth-2-0-authentication (verified: endpoints, comma-separated
// scopes, PKCE, form-encoded token request, refresh tokens mandatory since 2026-04-01).
// Revocation endpoint api.linear.app/oauth/revoke and rotation: from PROVIDERS.md (unverified).
import { definePreset } from './definePreset.ts';
import { commaScopesToSpaces } from './normalizers.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export function linear(options?: Record<string, never>): ProviderPreset {
  readOptions('linear', options, []);
  return definePreset({
    id: 'linear',
    authorizationEndpoint: 'https://linear.app/oauth/authorize',
    tokenEndpoint: 'https://api.linear.app/oauth/token',
    revocation: { style: 'rfc7009', endpoint: 'https://api.linear.app/oauth/revoke' },
    clientAuthMethod: 'client_secret_post',
    pkce: 'S256',
    scopeSeparator: ',',
    defaultScopes: ['read'],
    refreshTokenRotates: true,
    normalizeTokenResponse: commaScopesToSpaces,
    notes: [
      'Scopes are comma-separated in the authorization request',
      'Refresh tokens are mandatory since 2026-04-01 and rotate',
    ],
    docs: 'https://linear.app/developers/oauth-2-0-authentication',
  });
}
