import type { ClientSpec } from './types.ts';

/** Translates a ClientSpec into oidc-provider client metadata (RFC 7591 names). */
export function clientMetadata(spec: ClientSpec, supportedScopes: readonly string[]): Record<string, unknown> {
  const method = spec.tokenEndpointAuthMethod ?? (spec.clientSecret === undefined ? 'none' : 'client_secret_basic');
  if (method === 'none' && spec.clientSecret !== undefined) {
    throw new TypeError(`client ${spec.clientId}: a public client (tokenEndpointAuthMethod 'none') takes no secret`);
  }
  if (method !== 'none' && spec.clientSecret === undefined) {
    throw new TypeError(`client ${spec.clientId}: ${method} needs a clientSecret`);
  }
  const unknown = (spec.scopes ?? []).filter((scope) => !supportedScopes.includes(scope));
  if (unknown.length > 0) throw new TypeError(`client ${spec.clientId}: unsupported scopes ${unknown.join(' ')}`);

  const metadata: Record<string, unknown> = {
    client_id: spec.clientId,
    redirect_uris: [...spec.redirectUris],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: method,
    scope: (spec.scopes ?? supportedScopes).join(' '),
  };
  if (spec.clientSecret !== undefined) metadata.client_secret = spec.clientSecret;
  return metadata;
}
