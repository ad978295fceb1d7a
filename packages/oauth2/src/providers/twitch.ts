// Facts: https://dev.twitch.tv/docs/authentication/getting-tokens-oauth (verified: endpoints, client
// credentials in the body, scope as a JSON array), https://dev.twitch.tv/docs/authentication/refresh-tokens
// (verified: refresh token may change; failure {"error":"Bad Request","status":400,"message":"Invalid refresh token"}),
// https://dev.twitch.tv/docs/authentication/revoke-tokens (verified: POST form client_id + token,
// 200 without body, 400 {"status":400,"message":"Invalid token"}). PKCE: unverified.
// Device code grant flow: listed on getting-tokens-oauth (verified: the flow exists, for public and
// confidential clients). Its details are unverified (the page's section was not readable here),
// taken from several independent clients: POST https://id.twitch.tv/oauth2/device with client_id
// and `scopes`, polling with `scopes` again, errors as {status, message: "authorization_pending"}.
import { definePreset } from './definePreset.ts';
import { compose, errorsMeanRevoked, messageToOAuthError } from './normalizers.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export function twitch(options?: Record<string, never>): ProviderPreset {
  readOptions('twitch', options, []);
  return definePreset({
    id: 'twitch',
    authorizationEndpoint: 'https://id.twitch.tv/oauth2/authorize',
    tokenEndpoint: 'https://id.twitch.tv/oauth2/token',
    // Twitch documents revocation of access tokens with only client_id and token.
    revocation: { style: 'rfc7009', endpoint: 'https://id.twitch.tv/oauth2/revoke', tokenTypeHint: false, tokens: 'access' },
    clientAuthMethod: 'client_secret_post',
    pkce: 'unsupported',
    scopeSeparator: ' ',
    refreshTokenRotates: true,
    // https://dev.twitch.tv/docs/authentication/validate-tokens (verified): apps "must validate the
    // OAuth token when it starts and on an hourly basis thereafter". The OAuth scheme: Twitch's
    // example request (clients also send Bearer, which is unverified here).
    tokenValidation: { endpoint: 'https://id.twitch.tv/oauth2/validate', intervalSeconds: 3600, scheme: 'OAuth', docs: 'https://dev.twitch.tv/docs/authentication/validate-tokens/' },
    // "Invalid refresh token" is RFC 6749's invalid_grant: the user must authorize again.
    normalizeTokenResponse: messageToOAuthError({
      'invalid refresh token': 'invalid_grant',
      // RFC 8628 §3.5 codes, which Twitch sends as the message.
      authorization_pending: 'authorization_pending',
      slow_down: 'slow_down',
      access_denied: 'access_denied',
      expired_token: 'expired_token',
      'invalid device code': 'invalid_grant',
    }),
    deviceAuthorization: {
      endpoint: 'https://id.twitch.tv/oauth2/device',
      scopeParameter: 'scopes',
      sendScopeWhenPolling: true,
      notes: ['Public clients: set clientAuthMethod: "none"', 'Scopes go in a `scopes` parameter, sent again with every poll'],
      docs: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#device-code-grant-flow',
    },
    normalizeRevocationResponse: compose(messageToOAuthError({ 'invalid token': 'invalid_token' }), errorsMeanRevoked(['invalid_token'])),
    notes: [
      'scope comes back as a JSON array',
      'Errors are {status, message}; "Invalid refresh token" is mapped to invalid_grant',
      'The refresh token may change on refresh: treated as rotating',
      'Revocation sends client_id and the access token only',
    ],
    docs: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/',
  });
}
