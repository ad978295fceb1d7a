import type { IApp, IHttp, IRead } from '@plugboard/apps-engine';
import type { ClientCredentials } from '../core/clientAuth.ts';
import { mergeScopes } from '../core/scopes.ts';
import { ClientAssertionSigner } from './clientAssertion.ts';
import { describeError, type OAuth2Error } from '../errors.ts';
import type { OAuth2ClientEvents, OAuth2EventEmitter } from '../events/events.ts';
import type { IOAuth2ClientOptions } from '../options.ts';
import { JwksCache } from '../oidc/jwks.ts';
import type { TokenStore } from '../storage/tokenStore.ts';
import type { TransactionStore } from '../storage/transactionStore.ts';
import type { OutcomeStore } from '../storage/outcomeStore.ts';
import { buildProfile, type ClientProfile } from './profile.ts';
import { readClientIdentity } from './settings.ts';
import { ServerEndpointsResolver } from './serverEndpoints.ts';
import { ChatActions } from '../chat/chatActions.ts';
import type { BindingConfirmation } from '../binding/bindingConfirmation.ts';

/** What every flow of one client shares. Built once by `createOAuth2Client`. */
export class ClientContext {
  /** ID token keys, per JWKS URI. */
  readonly jwks = new JwksCache();
  /** Signs private_key_jwt assertions; `undefined` for the other client authentication methods. */
  private assertions: ClientAssertionSigner | undefined;
  /** The buttons and modals this client posts in chat, and their handlers. */
  readonly chat: ChatActions;
  /** Set right after construction by `createOAuth2Client`. */
  bindings!: BindingConfirmation;

  constructor(
    readonly app: IApp,
    // Replaced only by useAuthorizationServer (a development host), before the client is used.
    public options: IOAuth2ClientOptions,
    public profile: ClientProfile,
    public endpoints: ServerEndpointsResolver,
    readonly tokens: TokenStore,
    readonly transactions: TransactionStore,
    /** Authorizations that ended without a token, for waiters on any host. */
    readonly outcomes: OutcomeStore,
    readonly events: OAuth2EventEmitter,
    // Read at each call (not a captured reference), so a test can move the clock.
    readonly now: () => number = () => Date.now(),
  ) {
    this.assertions = ClientAssertionSigner.fromOptions(profile.clientAuthMethod, options);
    this.chat = new ChatActions(profile.alias);
  }

  /**
   * A development host's switch (`plugboard dev` without real credentials): from now on this client
   * is a plain OpenID Connect client of `issuer`, with no preset and no explicit endpoints, so its
   * requests and the credentials the host registered there always go to the same server. Refused
   * (false) when the app's own options carry credentials: those belong to the app's own server.
   */
  useAuthorizationServer(issuer: string): boolean {
    const { options } = this;
    if (options.clientId !== undefined || options.clientSecret !== undefined || options.privateKey !== undefined) return false;
    const {
      authUri: _authUri,
      accessTokenUri: _accessTokenUri,
      refreshTokenUri: _refreshTokenUri,
      revokeTokenUri: _revokeTokenUri,
      provider: _provider,
      clientAuthMethod: _clientAuthMethod,
      ...generic
    } = options;
    // The app's scopes are its provider's (Figma's `file_read`, or none for ClickUp): the local
    // OpenID server grants none of those and denies a request with nothing it knows (RFC 6749 §3.3
    // lets it refuse), so the client also asks it for openid.
    this.options = { ...generic, issuer, defaultScopes: mergeScopes(['openid'], generic.defaultScopes) };
    this.profile = buildProfile(this.options);
    this.endpoints = new ServerEndpointsResolver(this.options, this.profile.allowInsecureEndpoints, this.profile.timeoutMs);
    this.assertions = undefined;
    return true;
  }

  get appId(): string {
    return this.app.getID();
  }

  get alias(): string {
    return this.profile.alias;
  }

  get http(): IHttp {
    return this.app.getAccessors().http;
  }

  get read(): IRead {
    return this.app.getAccessors().reader;
  }

  /** The client's credentials, read from options or settings at each use. */
  async credentials(read: IRead = this.read): Promise<ClientCredentials> {
    const identity = await readClientIdentity(read, this.alias, this.options);
    const credentials: ClientCredentials = { clientId: identity.clientId, method: this.profile.clientAuthMethod };
    if (identity.clientSecret !== undefined) credentials.clientSecret = identity.clientSecret;
    return credentials;
  }

  /**
   * The credentials for one request to the authorization server: with private_key_jwt, a freshly
   * signed assertion for `audience` (the token endpoint) each time, because a `jti` is single-use.
   */
  async authenticate(client: ClientCredentials, audience: string): Promise<ClientCredentials> {
    if (client.method !== 'private_key_jwt' || !this.assertions) return client;
    return { ...client, clientAssertion: await this.assertions.sign(client.clientId, audience, this.now()) };
  }

  emit<E extends keyof OAuth2ClientEvents>(event: E, payload: OAuth2ClientEvents[E]): void {
    this.events.emit(event, payload, (error) => this.app.getLogger().warn(`[${this.alias}] an ${event} listener threw: ${describeError(error)}`));
  }

  /** Logs `message` once per client and `key` (a condition that holds for the life of the process). */
  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.app.getLogger().warn(`[${this.alias}] ${message}`);
  }

  private readonly warned = new Set<string>();

  /** Logs and emits a failure; only `describeError` text reaches the log (SECURITY 22). */
  reportError(operation: OAuth2ClientEvents['error']['operation'], userId: string, error: OAuth2Error | Error): void {
    this.app.getLogger().warn(`[${this.alias}] ${operation} failed for user ${userId}: ${describeError(error)}`);
    this.emit('error', { userId, alias: this.alias, operation, error });
  }
}
