import type { IHttp } from '@plugboard/apps-engine';
import type { RevocationSpec } from '../core/revocation.ts';
import { discover, MetadataCache } from '../discovery/discover.ts';
import type { ServerMetadata } from '../discovery/metadata.ts';
import { ConfigurationError } from '../errors.ts';
import type { IOAuth2ClientOptions } from '../options.ts';
import { assertSafeEndpoint } from './endpointPolicy.ts';

/** Where the authorization server's endpoints are, and what it promises about `iss`. */
export interface ServerEndpoints {
  issuer?: string;
  /** RFC 9207 §2.4: the server advertised `iss` on every response, so a missing one is refused. */
  issRequired: boolean;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  refreshEndpoint: string;
  revocation: RevocationSpec;
  /** RFC 8628 device authorization endpoint, when the provider offers the device grant. */
  deviceAuthorizationEndpoint?: string;
  jwksUri?: string;
}

const sharedMetadata = new MetadataCache();

/**
 * Resolves endpoints from, in order: explicit `*Uri` options, the provider preset, and (when
 * `issuer` is given) discovery, which also supplies `jwks_uri`, `device_authorization_endpoint`
 * and the RFC 9207 flag.
 */
export class ServerEndpointsResolver {
  private readonly issuer: string | undefined;

  constructor(
    private readonly options: IOAuth2ClientOptions,
    private readonly allowInsecure: boolean,
    private readonly timeoutMs: number,
    private readonly cache: MetadataCache = sharedMetadata,
  ) {
    this.issuer = options.issuer ?? options.provider?.issuer;
    const canResolve = (options.authUri ?? options.provider?.authorizationEndpoint) && (options.accessTokenUri ?? options.provider?.tokenEndpoint);
    if (!canResolve && !options.issuer) {
      throw new ConfigurationError('no endpoints: give authUri and accessTokenUri, a provider preset, or an issuer to discover');
    }
    if (options.issuer) assertSafeEndpoint('issuer', options.issuer, allowInsecure);
  }

  async resolve(http: IHttp): Promise<ServerEndpoints> {
    const metadata = this.options.issuer ? await this.metadata(http) : undefined;
    // Every callback and refresh resolves: the checked combination is kept while the options (fixed
    // for this resolver) and the discovered metadata (the same object until discovery runs again) are.
    const last = this.combined;
    if (last && last.metadata === metadata) return last.endpoints;
    const endpoints = Object.freeze(this.combine(metadata));
    this.combined = { metadata, endpoints };
    return endpoints;
  }

  private combined: { metadata: ServerMetadata | undefined; endpoints: ServerEndpoints } | undefined;

  /** The JWKS URI for ID token checks; discovers it from the issuer when no option gave it. */
  async jwksUri(http: IHttp): Promise<string | undefined> {
    if (!this.issuer) return undefined;
    return (await this.metadata(http)).jwks_uri;
  }

  private metadata(http: IHttp): Promise<ServerMetadata> {
    const issuer = this.issuer as string;
    const policy = { issuerOriginOnly: this.options.issuerOriginOnly ?? true };
    // Keyed by the policy too: the cache is shared by every client of this process.
    return this.cache.get(`${policy.issuerOriginOnly ? 'origin' : 'any'} ${issuer}`, () => discover(http, issuer, this.timeoutMs, policy));
  }

  private combine(metadata: ServerMetadata | undefined): ServerEndpoints {
    const { options } = this;
    const preset = options.provider;
    const check = (name: string, value: string | undefined): string | undefined =>
      value === undefined ? undefined : assertSafeEndpoint(name, value, this.allowInsecure);
    const authorizationEndpoint = check('authUri', options.authUri ?? preset?.authorizationEndpoint ?? metadata?.authorization_endpoint);
    const tokenEndpoint = check('accessTokenUri', options.accessTokenUri ?? preset?.tokenEndpoint ?? metadata?.token_endpoint);
    if (!authorizationEndpoint || !tokenEndpoint) {
      throw new ConfigurationError('the authorization or token endpoint could not be resolved');
    }
    const refreshEndpoint = check('refreshTokenUri', options.refreshTokenUri ?? preset?.refreshEndpoint) ?? tokenEndpoint;
    const revocation = this.revocation(metadata);
    if (revocation.style !== 'none') check('revokeTokenUri', revocation.endpoint);
    const endpoints: ServerEndpoints = {
      issRequired: metadata?.authorization_response_iss_parameter_supported === true,
      authorizationEndpoint,
      tokenEndpoint,
      refreshEndpoint,
      revocation,
    };
    if (this.issuer) endpoints.issuer = this.issuer;
    const device = check('deviceAuthorizationUri', options.deviceAuthorizationUri ?? preset?.deviceAuthorization?.endpoint ?? metadata?.device_authorization_endpoint);
    if (device) endpoints.deviceAuthorizationEndpoint = device;
    if (metadata?.jwks_uri) endpoints.jwksUri = check('jwks_uri', metadata.jwks_uri) as string;
    return endpoints;
  }

  private revocation(metadata: ServerMetadata | undefined): RevocationSpec {
    if (this.options.revokeTokenUri) return { style: 'rfc7009', endpoint: this.options.revokeTokenUri };
    if (this.options.provider) return this.options.provider.revocation;
    if (metadata?.revocation_endpoint) return { style: 'rfc7009', endpoint: metadata.revocation_endpoint };
    return { style: 'none' };
  }
}
