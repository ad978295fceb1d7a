// Facts: https://developers.zoom.us/docs/integrations/oauth/ (verified: Basic client credentials
// on zoom.us/oauth/token, parameters as form body) and https://developers.zoom.us/blog/pcke-oauth-with-postman-rest-api
// (verified: PKCE). Rotating refresh tokens and zoom.us/oauth/revoke: from PROVIDERS.md and
// third-party guides (unverified in Zoom's own pages).
import { definePreset } from './definePreset.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export function zoom(options?: Record<string, never>): ProviderPreset {
  readOptions('zoom', options, []);
  return definePreset({
    id: 'zoom',
    authorizationEndpoint: 'https://zoom.us/oauth/authorize',
    tokenEndpoint: 'https://zoom.us/oauth/token',
    revocation: { style: 'rfc7009', endpoint: 'https://zoom.us/oauth/revoke', tokens: 'access' },
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    scopeSeparator: ' ',
    refreshTokenRotates: true,
    notes: ['Every refresh returns a new refresh token and invalidates the old one', 'Access tokens last one hour'],
    docs: 'https://developers.zoom.us/docs/integrations/oauth/',
  });
}
