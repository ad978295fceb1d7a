import { isJsonObject, type JsonObject } from '../core/json.ts';
import { DiscoveryError } from '../errors.ts';
import { assertDiscoveredEndpoint, type DiscoveryPolicy } from './endpointOrigins.ts';

/** The fields of RFC 8414 / OIDC discovery metadata this client uses. */
export interface ServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  /** RFC 8628 §4. */
  device_authorization_endpoint?: string;
  jwks_uri?: string;
  /** RFC 9207 §3: when true, every authorization response carries `iss`. */
  authorization_response_iss_parameter_supported?: boolean;
  code_challenge_methods_supported?: string[];
}

function optionalString(doc: JsonObject, key: string): string | undefined {
  const value = doc[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new DiscoveryError(`metadata field ${key} is not a string`);
  return value;
}

/** The endpoint fields this client uses; each is checked against the issuer (SECURITY 27). */
const ENDPOINT_FIELDS = ['authorization_endpoint', 'token_endpoint', 'revocation_endpoint', 'device_authorization_endpoint', 'jwks_uri'] as const;

/**
 * Validates a metadata document. RFC 8414 §3.3: the `issuer` in it must be identical to the issuer
 * the client was configured with, or the document is not used (mix-up defence). Every endpoint must
 * pass `assertDiscoveredEndpoint` under `policy`, or the whole document is refused.
 */
export function parseServerMetadata(body: unknown, expectedIssuer: string, policy: DiscoveryPolicy = { issuerOriginOnly: true }): ServerMetadata {
  if (!isJsonObject(body)) throw new DiscoveryError('the metadata document is not a JSON object');
  if (body.issuer !== expectedIssuer) {
    throw new DiscoveryError('the metadata issuer differs from the configured issuer');
  }
  const authorization = optionalString(body, 'authorization_endpoint');
  const token = optionalString(body, 'token_endpoint');
  if (!authorization || !token) throw new DiscoveryError('the metadata lacks authorization_endpoint or token_endpoint');
  for (const field of ENDPOINT_FIELDS) {
    const value = optionalString(body, field);
    if (value !== undefined) assertDiscoveredEndpoint(field, value, expectedIssuer, policy);
  }
  const metadata: ServerMetadata = { issuer: expectedIssuer, authorization_endpoint: authorization, token_endpoint: token };
  const revocation = optionalString(body, 'revocation_endpoint');
  const device = optionalString(body, 'device_authorization_endpoint');
  if (device) metadata.device_authorization_endpoint = device;
  const jwks = optionalString(body, 'jwks_uri');
  if (revocation) metadata.revocation_endpoint = revocation;
  if (jwks) metadata.jwks_uri = jwks;
  if (body.authorization_response_iss_parameter_supported === true) metadata.authorization_response_iss_parameter_supported = true;
  const methods = body.code_challenge_methods_supported;
  if (Array.isArray(methods)) metadata.code_challenge_methods_supported = methods.filter((m): m is string => typeof m === 'string');
  return metadata;
}
