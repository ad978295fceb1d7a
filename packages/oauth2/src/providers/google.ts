// Facts: https://developers.google.com/identity/protocols/oauth2/web-server (verified: endpoints,
// access_type=offline, prompt=consent, revoke endpoint); issuer from Google's OpenID discovery.
import { definePreset } from './definePreset.ts';
import { errorsMeanRevoked } from './normalizers.ts';
import { optionalChoice, readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export interface GoogleOptions {
  /** `consent` re-asks the user, which is the only way to get a new refresh token for an existing grant. */
  prompt?: 'consent';
}

export function google(options?: GoogleOptions): ProviderPreset {
  const { prompt } = readOptions<GoogleOptions>('google', options, ['prompt']);
  const consent = optionalChoice('google', 'prompt', prompt, ['consent'] as const);
  return definePreset({
    id: 'google',
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    revocation: { style: 'rfc7009', endpoint: 'https://oauth2.googleapis.com/revoke' },
    issuer: 'https://accounts.google.com',
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    // Without access_type=offline Google issues no refresh token at all.
    authParams: { access_type: 'offline', ...(consent ? { prompt: consent } : {}) },
    scopeSeparator: ' ',
    refreshTokenRotates: false,
    // Revoking the refresh token revokes the whole grant; the access token then answers
    // 400 invalid_token instead of RFC 7009's 200.
    normalizeRevocationResponse: errorsMeanRevoked(['invalid_token']),
    notes: [
      'access_type=offline is always sent; a refresh token comes only on the first consent unless prompt: "consent"',
      'A refresh answer carries no new refresh token: the stored one is kept',
      'Revoking either token revokes the grant; an already revoked token answers 400 invalid_token (treated as done)',
    ],
    docs: 'https://developers.google.com/identity/protocols/oauth2/web-server',
  });
}
