// Facts: https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
// (verified: v2.0 endpoints per tenant, offline_access needed for a refresh token, client secret in
// the body). Sending scope on refresh: from PROVIDERS.md, not found in the search corpus (unverified).
// Device flow: https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code
// (verified: POST {tenant}/oauth2/v2.0/devicecode with client_id and scope, polling with client_id
// and device_code, errors authorization_declined and bad_verification_code, no
// verification_uri_complete, 15 minute default lifetime).
import { definePreset } from './definePreset.ts';
import { renameErrors } from './normalizers.ts';
import { matching, readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

const DAY = 24 * 60 * 60;

export interface MicrosoftOptions {
  /** `common`, `organizations`, `consumers`, a tenant GUID or a verified domain. */
  tenant?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function microsoft(options?: MicrosoftOptions): ProviderPreset {
  const raw = readOptions<MicrosoftOptions>('microsoft', options, ['tenant']).tenant ?? 'common';
  // The tenant becomes a path segment: only host-name characters, so nothing can climb the path.
  const tenant = matching('microsoft', 'tenant', raw, /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/, 'a tenant name, GUID or domain');
  const base = `https://login.microsoftonline.com/${tenant}/oauth2/v2.0`;
  return definePreset({
    id: 'microsoft',
    authorizationEndpoint: `${base}/authorize`,
    tokenEndpoint: `${base}/token`,
    revocation: { style: 'none' },
    // Only a tenant GUID names one issuer; `common` and friends stand for a `{tenantid}` template.
    ...(GUID.test(tenant) ? { issuer: `https://login.microsoftonline.com/${tenant.toLowerCase()}/v2.0` } : {}),
    clientAuthMethod: 'client_secret_post',
    pkce: 'S256',
    scopeSeparator: ' ',
    defaultScopes: ['offline_access'],
    sendScopeOnRefresh: true,
    refreshTokenRotates: false,
    // https://learn.microsoft.com/entra/identity-platform/refresh-tokens: "90 days for all other
    // scenarios" (24 h for SPAs), and refresh tokens "replace themselves with a fresh token upon every
    // use"; AADSTS700082 "expired due to inactivity ... inactive for 90.00:00:00".
    refreshTokenLifetime: { idleSeconds: 90 * DAY },
    deviceAuthorization: {
      endpoint: `${base}/devicecode`,
      // A public-client flow: the app registration must allow public client flows, and then
      // Microsoft refuses a client secret on these requests.
      clientAuthMethod: 'none',
      notes: ['Turn on "Allow public client flows" in the app registration', 'authorization_declined means access_denied; there is no verification_uri_complete'],
      docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code',
    },
    normalizeTokenResponse: renameErrors({ authorization_declined: 'access_denied', bad_verification_code: 'invalid_grant' }),
    notes: [
      'offline_access is required for a refresh token (added by default); it is never echoed in the granted scope',
      'scope is sent again on every refresh',
      'No revocation endpoint: revoking only deletes the stored token',
      'With tenant common/organizations/consumers the issuer is a {tenantid} template, so no issuer is set',
    ],
    docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
  });
}
