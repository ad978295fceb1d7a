// Facts: https://docs.gitlab.com/api/oauth2 (verified: /oauth/authorize, /oauth/token,
// /oauth/revoke, PKCE, self-managed base URL). Rotation and the ~10/min token rate limit: from
// PROVIDERS.md (not re-verified). Device flow: same page, "Device authorization grant flow"
// (verified: POST /oauth/authorize_device with client_id and scope, polling /oauth/token with the
// RFC 8628 errors, GitLab 17.2+, generally available in 17.9).
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
    deviceAuthorization: {
      endpoint: `${baseUrl}/oauth/authorize_device`,
      notes: ['GitLab 17.2 or later (generally available in 17.9)'],
      docs: 'https://docs.gitlab.com/api/oauth2/#device-authorization-grant-flow',
    },
    notes: [
      'Self-managed instances: gitlab({ baseUrl: "https://gitlab.example.com" })',
      'Refresh tokens rotate; the token endpoint is rate limited',
    ],
    docs: 'https://docs.gitlab.com/api/oauth2/',
  });
}
