import type { IConfigurationExtend, IPersistence, IUser } from '@plugboard/apps-engine';
import type { OAuth2EventName, OAuth2Listener } from './events/events.ts';
import type { IAuthData } from './IAuthData.ts';

export interface IWaitForAccessTokenOptions {
  /** Default 60 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface IWaitForAccessTokenResult {
  timedOut: boolean;
  result?: IAuthData;
  /** Plugboard: set when the authorization ended without a token (denied, or the exchange failed). */
  failure?: 'denied' | 'failed';
}

/** The client `createOAuth2Client` returns (Rocket.Chat's methods, plus waiting and events). */
export interface IOAuth2Client {
  /** Registers the callback endpoint and the client id / secret settings. Call it in `extendConfiguration`. */
  setup(configuration: IConfigurationExtend): Promise<void>;
  /**
   * A fresh single-use authorization URL for this user (state + PKCE S256). For a connected user it
   * asks for the union of the granted scopes and these (incremental authorization); the callback
   * then replaces the grant, keeping the refresh token when the provider sends none for the same account.
   */
  getUserAuthorizationUrl(user: IUser, scopes?: string[]): Promise<URL>;
  /** Whether the user's stored grant covers every one of these scopes (`false` when not connected). */
  hasScopes(user: IUser, scopes: string[]): Promise<boolean>;
  /** The user's token, refreshed first when it expires within the refresh window. */
  getAccessTokenForUser(user: IUser): Promise<IAuthData | undefined>;
  /** Forces a refresh; throws a typed error on failure. */
  refreshUserAccessToken(user: IUser, persis?: IPersistence): Promise<IAuthData | undefined>;
  /** Revokes at the provider (RFC 7009), then deletes locally. `false` when there was nothing to revoke. */
  revokeUserAccessToken(user: IUser, persis?: IPersistence): Promise<boolean>;
  /**
   * An app-level token from the client credentials grant (RFC 6749 §4.4) for these scopes (none:
   * no `scope` parameter). Cached in the store until the refresh window; one request at a time
   * across every host sharing the store. Throws a typed error when the provider refuses.
   */
  getAppAccessToken(scopes?: string[]): Promise<IAuthData>;
  /** Resolves when this user's next authorization completes on any host sharing the store. */
  waitForAccessToken(user: IUser, options?: IWaitForAccessTokenOptions): Promise<IWaitForAccessTokenResult>;
  on<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void;
  off<E extends OAuth2EventName>(event: E, listener: OAuth2Listener<E>): void;
}
