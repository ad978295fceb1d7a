/** How a client authenticates at the token, revocation and introspection endpoints. */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** A client registered with the test authorization server. */
export interface ClientSpec {
  clientId: string;
  /** Required unless `tokenEndpointAuthMethod` is `'none'` (a public client). */
  clientSecret?: string;
  /** Exact redirect URIs; the server compares them byte for byte. */
  redirectUris: string[];
  /** Default `client_secret_basic` when a secret is given, `none` otherwise. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
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
  issueRefreshTokens?: boolean;
  /** Supported scopes; default `openid profile email offline_access read write`. */
  scopes?: string[];
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
  resetCounters(): void;
  /** Registers a client after start (e.g. once the chat host's port is known). */
  addClient(spec: ClientSpec): Promise<void>;
  /** Asks the real introspection endpoint, authenticated as an internal client. */
  introspect(token: string): Promise<IntrospectionResponse>;
  close(): Promise<void>;
}
