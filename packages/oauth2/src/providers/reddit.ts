// Facts: Reddit's OAuth2 wiki https://github.com/reddit-archive/reddit/wiki/OAuth2 (verified through
// copies: authorize URL with duration=permanent for a refresh token, one-hour access tokens).
// Basic client credentials, revoke_token and the unique User-Agent rule: from PROVIDERS.md and the
// API rules (not found verbatim in the search corpus).
import { ConfigurationError } from '../errors.ts';
import { definePreset } from './definePreset.ts';
import { errorBodyMeansFailure } from './normalizers.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export interface RedditOptions {
  /** Required and unique, e.g. `web:com.example.app:v1.2.3 (by /u/example)`. */
  userAgent: string;
}

// Library defaults get throttled or blocked by Reddit; the rule is one descriptive UA per app.
const GENERIC_USER_AGENT = /^(node|node-fetch|undici|axios|got|curl|wget|python-requests|okhttp|mozilla)\b/i;

export function reddit(options?: RedditOptions): ProviderPreset {
  const { userAgent } = readOptions<RedditOptions>('reddit', options, ['userAgent']);
  if (typeof userAgent !== 'string' || userAgent.trim().length < 10 || userAgent.length > 256 || /[\u0000-\u001f\u007f]/.test(userAgent)) {
    throw new ConfigurationError('reddit() needs a userAgent: a unique, descriptive User-Agent of 10-256 printable characters');
  }
  if (GENERIC_USER_AGENT.test(userAgent.trim())) {
    throw new ConfigurationError('reddit() userAgent must identify your app, not an HTTP library');
  }
  return definePreset({
    id: 'reddit',
    authorizationEndpoint: 'https://www.reddit.com/api/v1/authorize',
    tokenEndpoint: 'https://www.reddit.com/api/v1/access_token',
    revocation: { style: 'rfc7009', endpoint: 'https://www.reddit.com/api/v1/revoke_token' },
    clientAuthMethod: 'client_secret_basic',
    pkce: 'unsupported',
    // Without duration=permanent Reddit issues no refresh token.
    authParams: { duration: 'permanent' },
    scopeSeparator: ' ',
    defaultScopes: ['identity'],
    headers: { 'User-Agent': userAgent.trim() },
    refreshTokenRotates: false,
    normalizeTokenResponse: errorBodyMeansFailure,
    notes: [
      'reddit({ userAgent }) is required: a unique, descriptive User-Agent on every call',
      'duration=permanent is always sent (refresh tokens); client authentication is HTTP Basic only',
      'Token errors may arrive with HTTP 200',
    ],
    docs: 'https://github.com/reddit-archive/reddit/wiki/OAuth2',
  });
}
