// Facts: https://docs.slack.dev/reference/methods/oauth.v2.access (verified: endpoint, Basic client
// credentials preferred, code_verifier accepted, authed_user in the answer),
// https://docs.slack.dev/authentication/using-token-rotation (verified: 12 h tokens, rotating
// refresh tokens), https://api.slack.com/methods/auth.revoke (verified: token as Bearer header or
// POST parameter, answers {ok, revoked}). user_scope for user tokens: from third-party guides only.
import { definePreset } from './definePreset.ts';
import { commaScopesToSpaces, compose, liftNestedToken, okFalseToError, tokenTypeAliases } from './normalizers.ts';
import { optionalChoice, readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export interface SlackOptions {
  /** `user` (default): the authorizing user's token; `bot`: the installation's bot token. */
  token?: 'user' | 'bot';
}

export function slack(options?: SlackOptions): ProviderPreset {
  const token = optionalChoice('slack', 'token', readOptions<SlackOptions>('slack', options, ['token']).token, ['user', 'bot'] as const) ?? 'user';
  const normalize = compose(
    okFalseToError,
    ...(token === 'user' ? [liftNestedToken('authed_user')] : []),
    tokenTypeAliases(['bot', 'user']),
    commaScopesToSpaces,
  );
  return definePreset({
    id: 'slack',
    authorizationEndpoint: 'https://slack.com/oauth/v2/authorize',
    tokenEndpoint: 'https://slack.com/api/oauth.v2.access',
    revocation: { style: 'slack', endpoint: 'https://slack.com/api/auth.revoke' },
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    scopeSeparator: ',',
    // User scopes travel in user_scope; `scope` would ask for bot scopes.
    ...(token === 'user' ? { scopeParameter: 'user_scope' } : {}),
    refreshTokenRotates: true,
    normalizeTokenResponse: normalize,
    normalizeRevocationResponse: okFalseToError,
    notes: [
      'Errors arrive as HTTP 200 {ok:false,error}',
      token === 'user'
        ? 'User token: scopes go in user_scope; the token is read from authed_user'
        : 'Bot token: scopes go in scope; the top-level token is used',
      'Refresh tokens exist only with token rotation enabled (12 h access tokens, rotating refresh tokens)',
      'PKCE must be enabled per app; revocation calls auth.revoke with the token itself',
    ],
    docs: 'https://docs.slack.dev/authentication/installing-with-oauth',
  });
}
