// Facts: https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
// (verified: endpoints, Accept decides the answer format, comma scopes in answers),
// https://github.blog/changelog/2025-07-14-pkce-support-for-oauth-and-github-app-authentication
// (verified: S256 only), https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
// (verified: 8 h tokens, 6 month refresh tokens, used refresh token stops working),
// https://docs.github.com/en/rest/apps/oauth-applications (verified: DELETE token, Basic auth).
// Errors with HTTP 200: documented error bodies; the 200 status is observed behaviour, not stated.
// Device flow: same authorizing-oauth-apps page, section "Device flow" (verified: POST
// /login/device/code with client_id and scope, polling with client_id only, "the client_secret is
// not needed", slow_down adds 5 s and carries the new interval, the flow must be enabled in the
// app's settings).
import { definePreset } from './definePreset.ts';
import { commaScopesToSpaces, compose, errorBodyMeansFailure, formBodyToJson } from './normalizers.ts';
import { optionalBoolean, readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export interface GitHubOptions {
  /** A GitHub App (expiring, rotating user tokens) rather than an OAuth App (tokens that never expire). */
  app?: boolean;
}

export function github(options?: GitHubOptions): ProviderPreset {
  const app = optionalBoolean('github', 'app', readOptions<GitHubOptions>('github', options, ['app']).app) ?? false;
  return definePreset({
    id: 'github',
    authorizationEndpoint: 'https://github.com/login/oauth/authorize',
    tokenEndpoint: 'https://github.com/login/oauth/access_token',
    revocation: { style: 'github', endpoint: 'https://api.github.com/applications/{client_id}/token' },
    clientAuthMethod: 'client_secret_post',
    pkce: 'S256',
    scopeSeparator: ' ',
    // The REST API refuses requests without a User-Agent.
    headers: { 'User-Agent': 'plugboard-oauth2', 'X-GitHub-Api-Version': '2022-11-28' },
    refreshTokenRotates: app,
    // GitHub App user tokens ("Refreshing user access tokens"): each refresh answers a new refresh
    // token with refresh_token_expires_in 15897600 (about 6 months): unused that long, the grant dies.
    ...(app ? { refreshTokenLifetime: { idleSeconds: 15_897_600 } } : {}),
    normalizeTokenResponse: compose(formBodyToJson, errorBodyMeansFailure, commaScopesToSpaces),
    deviceAuthorization: {
      endpoint: 'https://github.com/login/device/code',
      // The device flow authenticates with client_id alone (a public-client flow).
      clientAuthMethod: 'none',
      notes: ['Enable "Device flow" in the app\'s settings first', 'Polls send client_id only; slow_down answers carry the new interval'],
      docs: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow',
    },
    notes: app
      ? [
          'GitHub App: user tokens expire after 8 hours; refresh tokens last 6 months and rotate on every use',
          'Permissions come from the app registration; requested scopes are ignored',
          'Errors arrive with HTTP 200; form-encoded answers unless Accept: application/json',
          'Revocation: DELETE api.github.com/applications/{client_id}/token with Basic client credentials',
        ]
      : [
          'OAuth App: tokens never expire and there is no refresh token',
          'Scopes come back comma-separated; errors arrive with HTTP 200',
          'Revocation: DELETE api.github.com/applications/{client_id}/token with Basic client credentials',
        ],
    docs: app
      ? 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app'
      : 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
  });
}
