// Facts: https://developers.google.com/identity/protocols/oauth2/web-server (verified: endpoints,
// access_type=offline, prompt=consent, revoke endpoint); issuer from Google's OpenID discovery.
// include_granted_scopes=true: that guide's incremental authorization section, and
// draft-ietf-oauth-incremental-authz (by Google) §3. `email` / `profile` granted as
// .../auth/userinfo.email / .../auth/userinfo.profile: Google's OAuth2 API scope constants.
// Device flow: https://developers.google.com/identity/protocols/oauth2/limited-input-device
// (verified: a limited set of scopes only; a "TVs and Limited Input devices" client; the answer
// names verification_url; client_secret is sent when polling). The endpoint
// https://oauth2.googleapis.com/device/code: from that guide's examples as quoted by other clients.
import { definePreset } from './definePreset.ts';
import { errorsMeanRevoked, renameMembers } from './normalizers.ts';
import { optionalChoice, readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

const DAY = 24 * 60 * 60;

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
    // Without access_type=offline Google issues no refresh token at all. include_granted_scopes
    // makes a later, larger request extend the same grant (incremental authorization).
    authParams: { access_type: 'offline', include_granted_scopes: 'true', ...(consent ? { prompt: consent } : {}) },
    scopeSeparator: ' ',
    scopeAliases: { email: 'https://www.googleapis.com/auth/userinfo.email', profile: 'https://www.googleapis.com/auth/userinfo.profile' },
    refreshTokenRotates: false,
    // "Refresh token expiration": a refresh token stops working once it "has not been used for six
    // months" (web-server guide, section Refresh token expiration; 7 days for apps in Testing).
    refreshTokenLifetime: { idleSeconds: 182 * DAY },
    // Revoking the refresh token revokes the whole grant; the access token then answers
    // 400 invalid_token instead of RFC 7009's 200.
    normalizeRevocationResponse: errorsMeanRevoked(['invalid_token']),
    deviceAuthorization: {
      endpoint: 'https://oauth2.googleapis.com/device/code',
      clientAuthMethod: 'client_secret_post',
      normalizeResponse: renameMembers({ verification_url: 'verification_uri' }),
      notes: [
        'Needs its own OAuth client of type "TVs and Limited Input devices" (use a second alias for it)',
        'Only a limited set of scopes (openid, email, profile, drive.file, youtube...) is allowed',
      ],
      docs: 'https://developers.google.com/identity/protocols/oauth2/limited-input-device',
    },
    notes: [
      'access_type=offline is always sent; a refresh token comes only on the first consent unless prompt: "consent"',
      'A refresh answer carries no new refresh token: the stored one is kept',
      'include_granted_scopes=true: asking for more scopes later extends the same grant; email and profile come back as userinfo.* URLs',
      'Revoking either token revokes the grant; an already revoked token answers 400 invalid_token (treated as done)',
    ],
    docs: 'https://developers.google.com/identity/protocols/oauth2/web-server',
  });
}
