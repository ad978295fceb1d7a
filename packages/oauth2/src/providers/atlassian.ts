// Facts: https://developer.atlassian.com/cloud/oauth/getting-started/implementing-oauth-3lo
// (verified: authorize URL with audience and prompt=consent, JSON token request with client
// credentials in the body, offline_access for refresh tokens). Rotation with a reuse window: from
// PROVIDERS.md and jira.js docs. PKCE: unverified.
import { definePreset } from './definePreset.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

const DAY = 24 * 60 * 60;

export function atlassian(options?: Record<string, never>): ProviderPreset {
  readOptions('atlassian', options, []);
  return definePreset({
    id: 'atlassian',
    authorizationEndpoint: 'https://auth.atlassian.com/authorize',
    tokenEndpoint: 'https://auth.atlassian.com/oauth/token',
    revocation: { style: 'none' },
    clientAuthMethod: 'client_secret_post',
    pkce: 'unsupported',
    authParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    scopeSeparator: ' ',
    defaultScopes: ['offline_access'],
    tokenRequestEncoding: 'json',
    refreshTokenRotates: true,
    // Atlassian's developer community (staff answer, "Refresh token expire after 36000 seconds"):
    // rotating refresh tokens have an inactivity expiry of 90 days, reset by each refresh, and an
    // absolute expiry of 365 days from the first authorization.
    refreshTokenLifetime: { idleSeconds: 90 * DAY, maxAgeSeconds: 365 * DAY },
    notes: [
      'audience=api.atlassian.com and prompt=consent are always sent',
      'offline_access is required for a refresh token (added by default)',
      'Refresh tokens rotate (with a short reuse window)',
      'No revocation endpoint: revoking only deletes the stored token',
      'API calls go through api.atlassian.com/ex/<product>/<cloudId>',
    ],
    docs: 'https://developer.atlassian.com/cloud/oauth/getting-started/implementing-oauth-3lo/',
  });
}
