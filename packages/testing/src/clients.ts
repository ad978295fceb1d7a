import type { ClientSpec, GrantType } from './types.ts';

/** Translates a ClientSpec into oidc-provider client metadata (RFC 7591 names). */
export function clientMetadata(spec: ClientSpec, supportedScopes: readonly string[]): Record<string, unknown> {
  const method = spec.tokenEndpointAuthMethod
    ?? (spec.clientSecret !== undefined ? 'client_secret_basic' : spec.jwks !== undefined ? 'private_key_jwt' : 'none');
  if ((method === 'none' || method === 'private_key_jwt') && spec.clientSecret !== undefined) {
    throw new TypeError(`client ${spec.clientId}: ${method === 'none' ? "a public client (tokenEndpointAuthMethod 'none')" : 'private_key_jwt'} takes no secret`);
  }
  if ((method === 'client_secret_basic' || method === 'client_secret_post') && spec.clientSecret === undefined) {
    throw new TypeError(`client ${spec.clientId}: ${method} needs a clientSecret`);
  }
  if (method === 'private_key_jwt' && (spec.jwks === undefined || spec.jwks.keys.length === 0)) {
    throw new TypeError(`client ${spec.clientId}: private_key_jwt needs jwks with the client's public keys`);
  }
  if (spec.jwks?.keys.some((key) => 'd' in key)) throw new TypeError(`client ${spec.clientId}: jwks must hold public keys only`);
  const unknown = (spec.scopes ?? []).filter((scope) => !supportedScopes.includes(scope));
  if (unknown.length > 0) throw new TypeError(`client ${spec.clientId}: unsupported scopes ${unknown.join(' ')}`);

  const grantTypes = spec.grantTypes ?? defaultGrantTypes(spec, method);
  const metadata: Record<string, unknown> = {
    client_id: spec.clientId,
    redirect_uris: [...spec.redirectUris],
    response_types: grantTypes.includes('authorization_code') ? ['code'] : [],
    grant_types: [...grantTypes],
    token_endpoint_auth_method: method,
    scope: (spec.scopes ?? supportedScopes).join(' '),
  };
  if (spec.clientSecret !== undefined) metadata.client_secret = spec.clientSecret;
  if (spec.jwks !== undefined) metadata.jwks = { keys: spec.jwks.keys.map((key) => ({ ...key })) };
  return metadata;
}

function defaultGrantTypes(spec: ClientSpec, method: string): GrantType[] {
  const grants: GrantType[] = [];
  if (spec.redirectUris.length > 0) grants.push('authorization_code');
  grants.push('refresh_token', 'urn:ietf:params:oauth:grant-type:device_code');
  // RFC 6749 §4.4: only a confidential client may use the client credentials grant.
  if (method !== 'none') grants.push('client_credentials');
  return grants;
}
