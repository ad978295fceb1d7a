/**
 * Where an issuer's metadata lives: OpenID Connect Discovery 1.0 §4 appends to the issuer's path;
 * RFC 8414 §3.1 inserts the well-known segment between the host and the path.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}
