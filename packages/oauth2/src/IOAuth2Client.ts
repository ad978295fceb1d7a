import type { IConfigurationExtend, IModify, IPersistence, IUser } from '@plugboard/apps-engine';
import type { OAuth2EventName, OAuth2Listener } from './events/events.ts';
import type { IConnectionStatus } from './health/connectionStatus.ts';
import type { IAuthData } from './IAuthData.ts';
import type { IWithAccessTokenOptions } from './client/withAccessToken.ts';

/**
 * Which of the user's accounts under this alias (several accounts per alias): the `accountKey` of
 * an account connected with `addAccount`. Omitted: the default account, the single record of an
 * app that never uses accounts.
 */
export interface IAccountOptions {
  account?: string;
}

export interface IAuthorizationOptions extends IAccountOptions {
  /**
   * A handler's persistence, for a host that gives apps none outside handlers (a Rocket.Chat
   * server): the pending authorization is stored there, so any instance can finish it. Without it
   * on such a host, pending authorizations are kept in this process's memory: the callback must
   * reach the same instance (a single-instance deployment). Plugboard's host needs neither.
   */
  persis?: IPersistence;
  /**
   * Connect another account, next to the ones the user has: its key comes from the token (the
   * `accountKey` option, else the ID token's `sub`). With `account` instead, the token must be of
   * that account (re-link it, or extend its scopes).
   */
  addAccount?: boolean;
}

/** One account a user connected under an alias. */
export interface IOAuth2Account {
  /** Absent for the default account. */
  accountKey?: string;
  scope: string;
  /** Epoch ms; `0` when the provider gave no lifetime. */
  expiresAt: number;
  /** Epoch ms of the last write (connect or refresh). */
  updatedAt: number;
  /** Whether a refresh token is stored with it (the token itself never leaves the client). */
  hasRefreshToken: boolean;
}

/** What `startDeviceAuthorization` gives the app to show the user (RFC 8628 §3.2). */
export interface IDeviceAuthorization {
  /** The code the user types at `verificationUri`. */
  userCode: string;
  /** Where to type it; https. */
  verificationUri: string;
  /** The same page with the code filled in, when the provider offers one (a link or QR code). */
  verificationUriComplete?: string;
  /** Epoch ms after which the code is useless. */
  expiresAt: number;
  /** How often the client polls (it grows with `slow_down`). */
  intervalSeconds: number;
}

export interface IWaitForAccessTokenOptions extends IAccountOptions {
  /** Default 60 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface IWaitForAccessTokenResult {
  timedOut: boolean;
  result?: IAuthData;
  /** Plugboard: the account the token was stored under, when it is not the default one. */
  accountKey?: string;
  /** Plugboard: set when the authorization ended without a token (denied, failed, device code expired). */
  failure?: 'denied' | 'failed' | 'expired';
}

/**
 * How a binding confirmation went (SECURITY 25): `confirmed` (the token is the user's now),
 * `wrong_code` (`attemptsLeft` more tries), `too_many_attempts` and `expired` (the token was revoked
 * and dropped; the user starts again), `none` (nothing is waiting for this user's confirmation).
 */
export type BindingConfirmationStatus = 'confirmed' | 'wrong_code' | 'too_many_attempts' | 'expired' | 'none';

export interface IBindingConfirmationResult {
  status: BindingConfirmationStatus;
  attemptsLeft?: number;
  /** The account the confirmed token went to, when it is not the default one. */
  accountKey?: string;
}

/** Where a confirmation writes: a handler's accessors, for a host without background ones (Rocket.Chat). */
export interface IBindingOptions {
  persis?: IPersistence;
  modify?: IModify;
}

/**
 * The client `createOAuth2Client` returns (Rocket.Chat's methods, plus waiting, events, app tokens,
 * scopes and accounts). Every per-user method takes an optional account (`IAccountOptions`); without
 * one it works on the user's default account, exactly as a single-account client does.
 */
export interface IOAuth2Client {
  /** Registers the callback endpoint and the client id / secret settings. Call it in `extendConfiguration`. */
  setup(configuration: IConfigurationExtend): Promise<void>;
  /**
   * A fresh single-use authorization URL for this user (state + PKCE S256). For a connected user it
   * asks for the union of the granted scopes and these (incremental authorization); the callback
   * then replaces the grant, keeping the refresh token when the provider sends none for the same account.
   */
  getUserAuthorizationUrl(user: IUser, scopes?: string[], options?: IAuthorizationOptions): Promise<URL>;
  /** The user's token, refreshed first when it expires within the refresh window. */
  getAccessTokenForUser(user: IUser, options?: IAccountOptions): Promise<IAuthData | undefined>;
  /** Forces a refresh; throws a typed error on failure. */
  refreshUserAccessToken(user: IUser, persis?: IPersistence, options?: IAccountOptions): Promise<IAuthData | undefined>;
  /** Revokes at the provider (RFC 7009), then deletes locally. `false` when there was nothing to revoke. */
  revokeUserAccessToken(user: IUser, persis?: IPersistence, options?: IAccountOptions): Promise<boolean>;
  /** Whether the user's stored grant covers every one of these scopes (`false` when not connected). */
  hasScopes(user: IUser, scopes: string[], options?: IAccountOptions): Promise<boolean>;
  /** The accounts the user connected under this alias: the default one first, then the others, oldest first. */
  listAccountsForUser(user: IUser): Promise<IOAuth2Account[]>;
  /**
   * The connection's health as every host sees it: `connected`, `refreshing`, `needs_reauth`
   * (`reason`: `invalid_grant`, `revoked`, `scopes_missing`, `client_credentials_refused`,
   * `token_expired`), `provider_unavailable` (5xx, timeouts, 429; the token is kept) or `none`.
   */
  getConnectionStatus(user: IUser, options?: IAccountOptions): Promise<IConnectionStatus>;
  /**
   * An app-level token from the client credentials grant (RFC 6749 §4.4) for these scopes (none:
   * no `scope` parameter). Cached in the store until the refresh window; one request at a time
   * across every host sharing the store. Throws a typed error when the provider refuses.
   */
  getAppAccessToken(scopes?: string[]): Promise<IAuthData>;
  /**
   * The device authorization grant (RFC 8628): a user code and a verification link for this user,
   * with no callback at all. The client then polls (honouring the interval, `slow_down`, expiry),
   * on whichever host sharing the store is up, and stores the token as after a callback: same
   * checks, events and `authorizationCallback`; `waitForAccessToken` resolves on any host.
   */
  startDeviceAuthorization(user: IUser, scopes?: string[], options?: IAuthorizationOptions): Promise<IDeviceAuthorization>;
  /**
   * Runs `fn` with the user's token and resolves with what it returns. When the provider refuses
   * the token (`fn` returns or throws an HTTP 401: see `isUnauthorized`), one refresh is forced and
   * `fn` runs again; a token refused even fresh is `revoked`. With `onReauth: 'prompt'`, a
   * connection that needs the user (none, `needs_reauth`, `scopes` missing) gets the re-link
   * message and `fn` runs again once the new token arrives, on any host, before `deadlineMs`
   * (else `reauthorization_timeout`). Default `'throw'`: a `ReauthorizationRequiredError` or `not_authorized`.
   */
  withAccessToken<T>(user: IUser, fn: (token: IAuthData) => Promise<T> | T, options?: IWithAccessTokenOptions): Promise<T>;
  /** Resolves when this user's next authorization completes on any host sharing the store. */
  waitForAccessToken(user: IUser, options?: IWaitForAccessTokenOptions): Promise<IWaitForAccessTokenResult>;
  /**
   * The chat user sends back the one-time code the callback page showed (binding confirmation,
   * SECURITY 25), e.g. through the app's own slash command where the host does not route the
   * client's *Enter code* button to it (a Rocket.Chat server). Only the user the link was issued to
   * can confirm: another user has nothing pending. Case, spaces and dashes do not matter.
   */
  confirmBinding(user: IUser, code: string, options?: IBindingOptions): Promise<IBindingConfirmationResult>;
  /** "Not me": the user's unconfirmed token is revoked at the provider and dropped. `false` when none was pending. */
  rejectBinding(user: IUser, options?: IBindingOptions): Promise<boolean>;
  on<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void;
  off<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void;
}
