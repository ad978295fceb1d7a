// Facts: https://docs.gitlab.com/api/oauth2 (verified: /oauth/authorize, /oauth/token,
// /oauth/revoke, PKCE, self-managed base URL). Rotation and the ~10/min token rate limit: from
// PROVIDERS.md (not re-verified).
import { definePreset } from './definePreset.ts';
import { httpsBaseUrl, readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export interface GitLabOptions {
  /** A self-managed instance, `https://` only; default `https://gitlab.com`. */
  baseUrl?: string;
}

export function gitlab(options?: GitLabOptions): ProviderPreset {
  const baseUrl = httpsBaseUrl('gitlab', 'baseUrl', readOptions<GitLabOptions>('gitlab', options, ['baseUrl']).baseUrl ?? 'https://gitlab.com');
  return definePreset({
    id: 'gitlab',
    authorizationEndpoint: `${baseUrl}/oauth/authorize`,
    tokenEndpoint: `${baseUrl}/oauth/token`,
    revocation: { style: 'rfc7009', endpoint: `${baseUrl}/oauth/revoke` },
    issuer: baseUrl,
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    scopeSeparator: ' ',
    refreshTokenRotates: true,
    notes: [
      'Self-managed instances: gitlab({ baseUrl: "https://gitlab.example.com" })',
      'Refresh tokens rotate; the token endpoint is rate limited',
    ],
    docs: 'https://docs.gitlab.com/api/oauth2/',
  });
}
