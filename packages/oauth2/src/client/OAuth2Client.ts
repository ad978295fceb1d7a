import type { IConfigurationExtend, IHttp, IModify, IPersistence, IRead, IUIKitResponse, IUser, UIKitBlockInteractionContext, UIKitViewSubmitInteractionContext } from '@plugboard/apps-engine';
import { ApiSecurity, ApiVisibility, plugboardAccessors } from '@plugboard/apps-engine';
import { ConfigurationError } from '../errors.ts';
import { decodeJwt, type JWTPayload } from 'jose';
import { scopesCover } from '../core/scopes.ts';
import { createCallbackEndpoint } from '../callback/callbackEndpoint.ts';
import type { OAuth2EventName, OAuth2Listener } from '../events/events.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { IAccountOptions, IAuthorizationOptions, IBindingConfirmationResult, IBindingOptions, IDeviceAuthorization, IOAuth2Account, IOAuth2Client, IWaitForAccessTokenOptions, IWaitForAccessTokenResult } from '../IOAuth2Client.ts';
import { accountKeyOf } from './accounts.ts';
import { verifyIdToken } from '../oidc/idToken.ts';
import { Refresher } from '../refresh/refresher.ts';
import { ConnectionHealth } from '../health/connectionHealth.ts';
import type { IConnectionStatus } from '../health/connectionStatus.ts';
import type { StatusStore } from '../storage/statusStore.ts';
import type { AppTokenStore } from '../storage/appTokenStore.ts';
import type { DeviceStore } from '../storage/deviceStore.ts';
import { DevicePoller } from '../device/devicePoller.ts';
import { mayUseDeviceGrant, onAppDisabled } from '../device/lifecycle.ts';
import { EmbeddedDevicePollScheduler, type DevicePollRun, type IDevicePollScheduler } from '../device/pollScheduler.ts';
import { startDeviceAuthorization } from '../device/startDevice.ts';
import { AppTokens } from './appToken.ts';
import { EXPIRE_NOW, USE_AUTHORIZATION_SERVER } from '../development.ts';
import { createAuthorizationUrl } from './authorize.ts';
import type { ClientContext } from './context.ts';
import { revokeUser } from './revoke.ts';
import { provideClientSettings } from './settings.ts';
import { appPersistence, backgroundPersistence } from './hostAccess.ts';
import { waitForAccessToken } from './wait.ts';
import { RelinkNotices } from '../chat/relinkNotices.ts';
import { BackgroundRefresh } from '../background/backgroundRefresh.ts';
import { withAccessToken, type IWithAccessTokenOptions } from './withAccessToken.ts';
import { registerBindingActions } from '../binding/bindingChat.ts';
import type { Accessors } from './completion.ts';

/** Stores of the flows beyond the authorization code grant. */
export interface ClientStores {
  appTokens: AppTokenStore;
  devices: DeviceStore;
  statuses: StatusStore;
}

/** The client behind `createOAuth2Client`: a thin facade over one file per flow. */
export class OAuth2Client implements IOAuth2Client {
  private readonly refresher: Refresher;
  private readonly health: ConnectionHealth;
  private readonly appTokens: AppTokens;
  private readonly devices: DeviceStore;
  private readonly devicePoller: DevicePoller;
  private readonly deviceScheduler: IDevicePollScheduler;
  private readonly runDevicePolls: DevicePollRun = (io) => this.devicePoller.run(io);
  private readonly relink: RelinkNotices;
  /** Background refresh on the host's scheduler (see `backgroundRefresh`). */
  readonly background: BackgroundRefresh;

  constructor(
    private readonly ctx: ClientContext,
    stores: ClientStores,
  ) {
    this.health = new ConnectionHealth(ctx, stores.statuses);
    this.refresher = new Refresher(ctx, this.health);
    this.appTokens = new AppTokens(ctx, stores.appTokens);
    this.devices = stores.devices;
    this.devicePoller = new DevicePoller(ctx, stores.devices);
    this.deviceScheduler = ctx.options.deviceScheduler ?? new EmbeddedDevicePollScheduler();
    this.relink = new RelinkNotices(ctx, this.health, (user, scopes, options) => createAuthorizationUrl(ctx, user, scopes, options));
    this.health.onAttention((attention) => this.relink.send(attention));
    this.background = new BackgroundRefresh(ctx, this.refresher, this.health);
    registerBindingActions(ctx);
  }

  /** The alias this client was created with; lets hosts (the dev console) tell several clients apart. */
  get alias(): string {
    return this.ctx.alias;
  }

  async setup(configuration: IConfigurationExtend): Promise<void> {
    configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [createCallbackEndpoint(this.ctx)],
    });
    await provideClientSettings(configuration, this.ctx.alias);
    this.ctx.chat.register(configuration);
    await this.background.setup(configuration);
    await this.ctx.bindings.setup(configuration);
    onAppDisabled(this.ctx.app, () => this.ctx.bindings.stop());
    if (mayUseDeviceGrant(this.ctx.options)) {
      this.deviceScheduler.start(this.runDevicePolls);
      onAppDisabled(this.ctx.app, () => this.deviceScheduler.stop());
    }
  }

  startDeviceAuthorization(user: IUser, scopes?: string[], options?: IAuthorizationOptions): Promise<IDeviceAuthorization> {
    return startDeviceAuthorization(this.ctx, this.devices, this.deviceScheduler, user, scopes, options);
  }

  getUserAuthorizationUrl(user: IUser, scopes?: string[], options?: IAuthorizationOptions): Promise<URL> {
    this.sweepBindings(options?.persis);
    return createAuthorizationUrl(this.ctx, user, scopes, options);
  }

  /** See `IOAuth2Client.confirmBinding`. */
  confirmBinding(user: IUser, code: string, options: IBindingOptions = {}): Promise<IBindingConfirmationResult> {
    return this.ctx.bindings.confirm(this.bindingAccessors(options, 'confirmBinding'), user, code);
  }

  /** See `IOAuth2Client.rejectBinding`. */
  rejectBinding(user: IUser, options: IBindingOptions = {}): Promise<boolean> {
    return this.ctx.bindings.reject(this.bindingAccessors(options, 'rejectBinding'), user);
  }

  private bindingAccessors(options: IBindingOptions, operation: string): Accessors {
    const modify = options.modify ?? plugboardAccessors(this.ctx.app)?.modify;
    if (!modify) throw new ConfigurationError(`this host gives apps no modify accessor outside handlers: pass the handler's \`modify\` to ${operation}`);
    return { read: this.ctx.read, http: this.ctx.http, persis: options.persis ?? appPersistence(this.ctx.app, operation), modify };
  }

  /** Expired bindings are revoked on use too (their timer's host may be gone); never in the caller's way. */
  private sweepBindings(persis: IPersistence | undefined): void {
    if (this.ctx.options.bindingConfirmation === false) return;
    const store = persis ?? backgroundPersistence(this.ctx.app);
    const modify = plugboardAccessors(this.ctx.app)?.modify;
    if (!store || !modify) return;
    void this.ctx.bindings.sweep({ read: this.ctx.read, http: this.ctx.http, persis: store, modify });
  }

  async getAccessTokenForUser(user: IUser, options?: IAccountOptions): Promise<IAuthData | undefined> {
    return this.refresher.current(user.id, backgroundPersistence(this.ctx.app), accountKeyOf(options));
  }

  async refreshUserAccessToken(user: IUser, persis?: IPersistence, options?: IAccountOptions): Promise<IAuthData | undefined> {
    return this.refresher.force(user.id, persis ?? appPersistence(this.ctx.app, 'refreshUserAccessToken'), accountKeyOf(options));
  }

  async revokeUserAccessToken(user: IUser, persis?: IPersistence, options?: IAccountOptions): Promise<boolean> {
    const accountKey = accountKeyOf(options);
    const store = persis ?? appPersistence(this.ctx.app, 'revokeUserAccessToken');
    const revoked = await revokeUser(this.ctx, user, store, accountKey);
    // Disconnected on purpose: no status of the old connection stays (a re-link message no longer stands).
    await this.health.forget(store, user.id, accountKey);
    return revoked;
  }

  /**
   * The health of the user's connection (the default account, or `account`), as every host
   * sharing the store sees it: `connected`, `refreshing`, `needs_reauth` (with the reason),
   * `provider_unavailable` (the token is kept), or `none`. Reads only; never refreshes.
   */
  getConnectionStatus(user: IUser, options?: IAccountOptions): Promise<IConnectionStatus> {
    return this.health.status(user.id, accountKeyOf(options));
  }

  async hasScopes(user: IUser, scopes: string[], options?: IAccountOptions): Promise<boolean> {
    const stored = await this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), user.id, accountKeyOf(options));
    return stored !== undefined && scopesCover(stored.auth.scope, scopes, this.ctx.profile.scopeAliases);
  }

  async listAccountsForUser(user: IUser): Promise<IOAuth2Account[]> {
    const reader = this.ctx.read.getPersistenceReader();
    const [primary, others] = await Promise.all([this.ctx.tokens.read(reader, user.id), this.ctx.tokens.listAccounts(reader, user.id)]);
    return [...(primary ? [primary] : []), ...others].map((stored) => ({
      ...(stored.accountKey === undefined ? {} : { accountKey: stored.accountKey }),
      scope: stored.auth.scope,
      expiresAt: stored.auth.expiresAt,
      updatedAt: stored.updatedAt,
      hasRefreshToken: Boolean(stored.auth.refreshToken),
    }));
  }

  getAppAccessToken(scopes?: string[]): Promise<IAuthData> {
    return this.appTokens.get(scopes);
  }

  withAccessToken<T>(user: IUser, fn: (token: IAuthData) => Promise<T> | T, options?: IWithAccessTokenOptions): Promise<T> {
    return withAccessToken(this.ctx, this.refresher, this.health, user, fn, options);
  }

  waitForAccessToken(user: IUser, options?: IWaitForAccessTokenOptions): Promise<IWaitForAccessTokenResult> {
    return waitForAccessToken(this.ctx, user, options);
  }

  /**
   * The verified claims of the user's stored ID token (OpenID Connect), or `undefined` without one.
   * Checked as of when it was issued: an ID token states who signed in then, it is not a credential.
   */
  async getIdTokenClaims(user: IUser, options?: IAccountOptions): Promise<JWTPayload | undefined> {
    const stored = await this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), user.id, accountKeyOf(options));
    const idToken = stored?.auth.idToken;
    const issuer = (await this.ctx.endpoints.resolve(this.ctx.http)).issuer;
    const jwksUri = await this.ctx.endpoints.jwksUri(this.ctx.http);
    if (!idToken || !issuer || !jwksUri) return undefined;
    const { clientId } = await this.ctx.credentials();
    // Verified as of its own issue time (read unverified only to pick that instant): a refresh may
    // keep an older ID token whose `exp` has passed, and it still says who signed in.
    let iat: number | undefined;
    try {
      iat = decodeJwt(idToken).iat;
    } catch {
      // Malformed: verifyIdToken below reports it as an IdTokenError.
    }
    const currentDate = typeof iat === 'number' ? new Date(iat * 1000) : new Date();
    return verifyIdToken(this.ctx.http, this.ctx.jwks, idToken, { issuer, clientId, jwksUri, currentDate }, this.ctx.profile.timeoutMs);
  }

  /**
   * The explicit migration step for sealing (SECURITY 26): run it once after setting a first
   * `encryptionKey` or adding a newer one. Every stored token of this alias that names its user
   * (default and extra accounts) is sealed with the newest key if it was in clear, under an older
   * key or sealed by an older version; Rocket.Chat's own records name their user only by
   * association, so they are migrated for the `users` given. Pending authorizations, outcomes, app
   * tokens and device codes are short-lived and not migrated: in clear they are refused, and the
   * user starts again. Logs one line with the counts. `persis`: a handler's, where the host gives
   * no persistence outside handlers (Rocket.Chat).
   */
  async migrateStoredRecords(options: { persis?: IPersistence; users?: readonly IUser[] } = {}): Promise<{ sealed: number; resealed: number; current: number }> {
    if (!this.ctx.tokens.sealing) throw new ConfigurationError('migrateStoredRecords seals records: give the client an encryptionKey first');
    const persis = options.persis ?? appPersistence(this.ctx.app, 'migrateStoredRecords');
    const states = await this.ctx.tokens.migrateAll(this.ctx.read.getPersistenceReader(), persis, (options.users ?? []).map((user) => user.id));
    const counts = { sealed: states.filter((s) => s === 'plaintext').length, resealed: states.filter((s) => s === 'stale').length, current: states.filter((s) => s === 'current').length };
    this.ctx.app.getLogger().warn(`[${this.ctx.alias}] migrateStoredRecords: ${counts.sealed} token records sealed from clear, ${counts.resealed} sealed again with the newest key, ${counts.current} already current`);
    return counts;
  }

  /** See `useDevelopmentAuthorizationServer`. */
  [USE_AUTHORIZATION_SERVER](issuer: string): boolean {
    return this.ctx.useAuthorizationServer(issuer);
  }

  /** See `expireForDevelopment`. */
  async [EXPIRE_NOW](userId: string, accountKey?: string): Promise<boolean> {
    const stored = await this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), userId, accountKey);
    if (!stored) return false;
    const now = this.ctx.now();
    await this.ctx.tokens.write(appPersistence(this.ctx.app, 'expireForDevelopment'), userId, { ...stored.auth, expiresAt: now - 1_000 }, stored.grantId, now, accountKey);
    return true;
  }

  /**
   * For an app on a host that does not route a library's interactions itself (a Rocket.Chat
   * server): call it first in the app's `executeBlockActionHandler`; a response means the click
   * was this client's (a button it posted), `undefined` that it is the app's own.
   */
  handleBlockAction(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse | undefined> {
    return this.ctx.chat.handleBlockAction(context, { read, http, persis, modify });
  }

  /** As `handleBlockAction`, for `executeViewSubmitHandler` (the modals this client opens). */
  handleViewSubmit(context: UIKitViewSubmitInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse | undefined> {
    return this.ctx.chat.handleViewSubmit(context, { read, http, persis, modify });
  }

  on<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void {
    this.ctx.events.on(event, listener);
  }

  off<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void {
    this.ctx.events.off(event, listener);
  }
}
