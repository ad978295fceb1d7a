// Facts: https://developer.spotify.com/documentation/web-api/tutorials/code-flow (endpoints and
// Basic client credentials confirmed through third-party copies of the page). Refresh token lifetime
// and PKCE for confidential clients: unverified.
import { definePreset } from './definePreset.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

const DAY = 24 * 60 * 60;

export function spotify(options?: Record<string, never>): ProviderPreset {
  readOptions('spotify', options, []);
  return definePreset({
    id: 'spotify',
    authorizationEndpoint: 'https://accounts.spotify.com/authorize',
    tokenEndpoint: 'https://accounts.spotify.com/api/token',
    revocation: { style: 'none' },
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    scopeSeparator: ' ',
    refreshTokenRotates: false,
    // https://developer.spotify.com/blog/2026-06-18-refresh-token-expiration: refresh tokens expire 6
    // months after the user's authorization; refreshing "does not reset or extend" that lifetime.
    refreshTokenLifetime: { maxAgeSeconds: 182 * DAY },
    notes: [
      'No revocation endpoint: revoking only deletes the stored token',
      'A refresh may return a new refresh token; otherwise the old one is kept',
      'Spotify documents PKCE for public clients; the challenge is sent anyway',
    ],
    docs: 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
  });
}
