// Facts: https://developers.dropbox.com/oauth-guide and https://dropbox.tech/developers/using-oauth-2-0-with-offline-access
// (verified: token_access_type=offline for a refresh token), auth/token/revoke from Dropbox's API
// spec (verified: Bearer-authenticated, disables the refresh token and its access tokens).
import { definePreset } from './definePreset.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export function dropbox(options?: Record<string, never>): ProviderPreset {
  readOptions('dropbox', options, []);
  return definePreset({
    id: 'dropbox',
    authorizationEndpoint: 'https://www.dropbox.com/oauth2/authorize',
    tokenEndpoint: 'https://api.dropboxapi.com/oauth2/token',
    revocation: { style: 'bearer', endpoint: 'https://api.dropboxapi.com/2/auth/token/revoke' },
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    // Without it Dropbox issues a short-lived access token and no refresh token.
    authParams: { token_access_type: 'offline' },
    scopeSeparator: ' ',
    refreshTokenRotates: false,
    notes: [
      'token_access_type=offline is always sent (refresh tokens); they are not rotated',
      'Revocation is an RPC call authenticated by the access token itself; it also disables the refresh token',
    ],
    docs: 'https://developers.dropbox.com/oauth-guide',
  });
}
