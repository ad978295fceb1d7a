import type { DevicePoll } from './device-polling.ts';

/** How a client authenticates at the token, revocation and introspection endpoints. */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/** Grant types a client may use (RFC 7591 names). */
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'urn:ietf:params:oauth:grant-type:device_code';

/** A client registered with the test authorization server. */
export interface ClientSpec {
  clientId: string;
  /** Required unless `tokenEndpointAuthMethod` is `'none'` (a public client). */
  clientSecret?: string;
  /** Exact redirect URIs; the server compares them byte for byte. */
  redirectUris: string[];
  /** Default `client_secret_basic` when a secret is given, `private_key_jwt` with `jwks`, `none` otherwise. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** `private_key_jwt`: the client's public keys (RFC 7591 `jwks`), which verify its assertions. */
  jwks?: { keys: Record<string, unknown>[] };
  /**
   * Default: every grant the client can use: `authorization_code` (when it has redirect URIs),
   * `refresh_token`, the device code grant, and `client_credentials` for a confidential client.
   */
  grantTypes?: GrantType[];
  /** Scopes this client may request; default every scope the server supports. */
  scopes?: string[];
}

/** A user who can sign in on the devInteractions login page (any password is accepted). */
export interface AccountSpec {
  /** The login name typed on the login page, and the `sub` claim. */
  id: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  preferredUsername?: string;
}

export interface AuthorizationServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `http://<host>:<port>`; a path component is served under that path. */
  issuer?: string;
  clients?: ClientSpec[];
  /** Default `alice` and `bob`. */
  accounts?: AccountSpec[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 14 days. */
  refreshTokenTtlSeconds?: number;
  /** Default 3600. */
  idTokenTtlSeconds?: number;
  /** Default 60. */
  authorizationCodeTtlSeconds?: number;
  /** Default true: every refresh returns a new refresh token and the old one dies. */
  rotateRefreshTokens?: boolean;
  /** Default true: a refresh token comes with every code exchange, without `offline_access`. */
  issueRefreshTokens?: boolean | 'first-consent';
  /** Supported scopes; default `openid profile email offline_access read write`. */
  scopes?: string[];
  /** The device authorization grant (RFC 8628). */
  deviceFlow?: DeviceFlowOptions;
  /**
   * Hears every request the server answered, once answered: method, the path and query as received
   * (they may hold codes and states: redact before showing them), status and duration. A throwing
   * listener is ignored. `plugboard dev` logs the authorization requests browsers make with it.
   */
  onRequest?: (request: ServedRequest) => void;
  /**
   * Keep a record of every token request in `tokenLog` (the grant it was about, the refresh
   * token's rotation, the User-Agent, the outcome; never a token). Default false.
   */
  tokenLog?: boolean;
  /**
   * Serve HTTPS with this key and certificate (PEM) instead of HTTP; the issuer becomes
   * `https://<host>:<port>`. Clients must trust the certificate's CA (e.g. `NODE_EXTRA_CA_CERTS`).
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

/** A request the server answered (`onRequest`). */
export interface ServedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  status: number;
  durationMs: number;
}

/**
 * A token request the server answered (`tokenLog`). Nothing in it is a token or a secret. With
 * rotation, a grant's refresh tokens form a chain: the code exchange issues rotation 0, and each
 * successful refresh that presented rotation n issues rotation n + 1. A request presenting a
 * rotation that was already used is reuse: the server revokes the whole grant (`grantRevoked`).
 */
export interface TokenRequestRecord {
  /** When the request reached the provider and when its answer was ready (epoch ms). */
  receivedAt: number;
  answeredAt: number;
  /** The `grant_type` parameter, `''` when there was none. */
  grantType: string;
  /** The grant the request was about, when the server found it (not for an unknown refresh token). */
  grantId?: string;
  accountId?: string;
  /** Refresh requests: which rotation of the grant's refresh token was presented. */
  refreshTokenRotation?: number;
  status: number;
  /** The OAuth error code of a failed request, and its description. */
  error?: string;
  errorDescription?: string;
  /** The request's User-Agent, which tells apart callers that share one client (two hosts). */
  userAgent?: string;
  /** The server revoked the request's whole grant while answering it (refresh token reuse). */
  grantRevoked: boolean;
}

export interface DeviceFlowOptions {
  /** The `interval` the device authorization response advertises; default 5 (RFC 8628 §3.5). */
  intervalSeconds?: number;
  /** How long a device code and its user code live; default 600. */
  codeTtlSeconds?: number;
  /** The first N pending polls of every device code answer `slow_down`; default 0. */
  slowDownPolls?: number;
}

/** Requests seen by the server. Attempts count whatever the outcome. */
export interface AuthorizationServerCounters {
  /** Every POST to the token endpoint, any grant type, any outcome. */
  tokenRequests: number;
  authorizationCodeGrants: number;
  refreshGrants: number;
  /** The subset of the grants above that returned tokens. */
  successfulAuthorizationCodeGrants: number;
  successfulRefreshGrants: number;
  clientCredentialsGrants: number;
  successfulClientCredentialsGrants: number;
  /** RFC 8628 §3.1 device authorization requests. */
  deviceAuthorizations: number;
  /** Polls of the token endpoint with a device code, any outcome. */
  deviceCodeGrants: number;
  successfulDeviceCodeGrants: number;
  /** Polls answered `slow_down`. */
  slowDowns: number;
  revocations: number;
  /** Includes the server's own `introspect()` calls. */
  introspections: number;
}

/** RFC 7662 §2.2 response; only `active` is guaranteed. */
export interface IntrospectionResponse {
  active: boolean;
  [member: string]: unknown;
}

export interface AuthorizationServerEndpoints {
  authorization: string;
  token: string;
  revocation: string;
  introspection: string;
  userinfo: string;
  jwks: string;
  /** RFC 8628 §3.1 device authorization endpoint. */
  deviceAuthorization: string;
  /** Where the user types the user code (`verification_uri`). */
  deviceVerification: string;
  /** The sign-out page (OpenID Connect RP-Initiated Logout): the next authorization asks for a login again. */
  endSession: string;
}

export interface AuthorizationServer {
  readonly issuer: string;
  /** Base URL the server listens on, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly discoveryUrl: string;
  readonly endpoints: AuthorizationServerEndpoints;
  /** A snapshot, taken at each read. */
  readonly counters: AuthorizationServerCounters;
  /** Every device-code poll so far, oldest first: when it came and what it was answered. */
  readonly devicePolls: readonly DevicePoll[];
  /**
   * Every token request so far, oldest first, when the server was started with `tokenLog: true`
   * (else empty). A snapshot, taken at each read; `resetCounters()` empties it too.
   */
  readonly tokenLog: readonly TokenRequestRecord[];
  /** Zeroes the counters and empties the token log. */
  resetCounters(): void;
  /** Registers a client after start (e.g. once the chat host's port is known). */
  addClient(spec: ClientSpec): Promise<void>;
  /** Asks the real introspection endpoint, authenticated as an internal client. */
  introspect(token: string): Promise<IntrospectionResponse>;
  close(): Promise<void>;
}
