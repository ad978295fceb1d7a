import { isLocalAddress } from '../core/endpoint.ts';
import { DiscoveryError } from '../errors.ts';

/**
 * Providers whose discovery document names endpoints on hosts other than the issuer's (checked
 * against their published documents, 2026-12): the issuer's origin, and the other origins allowed.
 * - Google (`https://accounts.google.com`): token, revocation and device endpoints on
 *   `oauth2.googleapis.com`, UserInfo on `openidconnect.googleapis.com`, keys on `www.googleapis.com`.
 * - Microsoft Entra ID (`https://login.microsoftonline.com/<tenant>/v2.0`): every endpoint under the
 *   tenant's authority except UserInfo, on `graph.microsoft.com`.
 */
export const MULTI_HOST_ISSUERS: Readonly<Record<string, readonly string[]>> = {
  'https://accounts.google.com': ['https://oauth2.googleapis.com', 'https://openidconnect.googleapis.com', 'https://www.googleapis.com'],
  'https://login.microsoftonline.com': ['https://graph.microsoft.com'],
};

export interface DiscoveryPolicy {
  /** Endpoints must be on the issuer's origin (or a multi-host provider's listed ones). Default true. */
  issuerOriginOnly: boolean;
}

/**
 * SECURITY 27: an endpoint named by an issuer's metadata. Whoever controls that document (or the
 * issuer's host) must not be able to send the client's credentials and users' tokens anywhere:
 * - `https:` only; plain `http:` only on the origin of an `http:` issuer (loopback, or
 *   `allowInsecureEndpoints`), so a TLS issuer never sends the client to a clear-text endpoint;
 * - never a local address (loopback, `localhost`, link-local) other than the issuer's own origin:
 *   no reaching another port of this machine (Redis, the host's console) or a metadata service;
 * - with `issuerOriginOnly` (the default), on the issuer's origin or a listed one of its provider.
 * The URL is not quoted in the error: the document is foreign text.
 */
export function assertDiscoveredEndpoint(field: string, value: string, issuer: string, policy: DiscoveryPolicy): void {
  const issuerUrl = new URL(issuer);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DiscoveryError(`metadata field ${field} is not an absolute URL`);
  }
  const sameOrigin = url.origin === issuerUrl.origin;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && issuerUrl.protocol === 'http:' && sameOrigin)) {
    throw new DiscoveryError(`metadata field ${field} must use https (plain http only on the origin of a plain http issuer)`);
  }
  if (isLocalAddress(url.hostname) && !sameOrigin) {
    throw new DiscoveryError(`metadata field ${field} points at a local address other than the issuer's`);
  }
  if (policy.issuerOriginOnly && !sameOrigin && !(MULTI_HOST_ISSUERS[issuerUrl.origin] ?? []).includes(url.origin)) {
    throw new DiscoveryError(`metadata field ${field} is not on the issuer's origin (set issuerOriginOnly: false to allow other hosts)`);
  }
}
