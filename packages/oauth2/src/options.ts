import type { IHttp, IModify, IPersistence, IRead, IUser } from '@plugboard/apps-engine';
import type { PrivateKeyInput } from './client/clientAssertion.ts';
import type { ClientAuthMethod } from './core/clientAuth.ts';
import type { IBackgroundRefreshOptions } from './background/options.ts';
import type { IRelinkMessageOptions } from './chat/relinkOptions.ts';
import type { IDevicePollScheduler } from './device/pollScheduler.ts';
import type { IAuthData } from './IAuthData.ts';
import type { ProviderPreset } from './providers/types.ts';

/** What `authorizationCallback` may return: `responseContent` replaces the success/failure page body. */
export interface IAuthorizationCallbackResult {
  responseContent?: string;
}

/** Plugboard: what the callback is about beyond Rocket.Chat's six arguments. */
export interface IAuthorizationCallbackInfo {
  /** The account the token was stored under, when it is not the user's default one. */
  accountKey?: string;
}

export type AuthorizationCallback = (
  token: IAuthData | undefined,
  user: IUser,
  read: IRead,
  modify: IModify,
  http: IHttp,
  persis: IPersistence,
  info?: IAuthorizationCallbackInfo,
) => Promise<IAuthorizationCallbackResult | void> | IAuthorizationCallbackResult | void;

/**
 * Options of `createOAuth2Client`. Rocket.Chat's fields keep their meaning; the rest are Plugboard's.
 * Endpoints come from, in order: the explicit `*Uri` options, the `provider` preset, `issuer` discovery.
 */
export interface IOAuth2ClientOptions {
  /** Names the callback endpoint (`<alias>-callback`), the settings and the stored records. */
  alias: string;
  authUri?: string;
  accessTokenUri?: string;
  /** Defaults to `accessTokenUri`. */
  refreshTokenUri?: string;
  revokeTokenUri?: string;
  /** RFC 8628 device authorization endpoint; else the preset's, else discovery's `device_authorization_endpoint`. */
  deviceAuthorizationUri?: string;
  defaultScopes?: string[];
  authorizationCallback?: AuthorizationCallback;
  /** Otherwise read from the `<alias>-oauth-client-id` setting at each use. */
  clientId?: string;
  /** Otherwise read from the `<alias>-oauth-clientsecret` setting at each use. */
  clientSecret?: string;
  provider?: ProviderPreset;
  /** Enables RFC 8414 / OpenID discovery and the RFC 9207 `iss` check. */
  issuer?: string;
  /** Default: `private_key_jwt` when `privateKey` is given, else the provider's, else `client_secret_basic`. */
  clientAuthMethod?: ClientAuthMethod;
  /**
   * `private_key_jwt` (RFC 7523 §2.2): the client's private key, as a private JWK, a PKCS#8 PEM or a
   * CryptoKey. Every back-channel call (code, refresh, client credentials, device, revocation) then
   * carries a fresh signed assertion instead of a secret. Keep the key outside the store.
   */
  privateKey?: PrivateKeyInput;
  /** The assertion's JWS algorithm; default the JWK's `alg`, else implied by the key (RS256 for a PEM). */
  privateKeyAlgorithm?: string;
  /** The assertion's `kid` header; default the JWK's `kid`. */
  privateKeyId?: string;
  /** Added to the authorization URL (e.g. `{ prompt: 'consent' }`); reserved parameters are refused. */
  extraAuthParams?: Record<string, string>;
  /** Refresh when the token expires within this many seconds. Default 60. */
  refreshWindowSeconds?: number;
  /** How long an authorization URL stays usable. Default 600. */
  stateTtlSeconds?: number;
  /** Deadline of every back-channel call. Default 10 000. */
  timeoutMs?: number;
  /**
   * Endpoints learned from discovery must be on the issuer's origin (Google's and Microsoft's
   * documented other hosts excepted, see the README). Default true; false accepts any `https:` host
   * (never plain http, never another local address). Explicit `*Uri` options and presets are not
   * affected: they are the app's own choice.
   */
  issuerOriginOnly?: boolean;
  /** Allow `http:` endpoints that are not loopback (never do this in production). Default false. */
  allowInsecureEndpoints?: boolean;
  /**
   * Seals every record of this client at rest with AES-256-GCM (tokens, pending authorizations,
   * outcome records, app tokens, device codes): 32 bytes, raw or base64. Keep it outside the store
   * (an environment variable, a secret manager). A list rotates keys: newest first; records are
   * written with the first and read with any. Under a key, records in clear are refused:
   * `migrateStoredRecords` seals existing ones.
   */
  encryptionKey?: Uint8Array | string | ReadonlyArray<Uint8Array | string>;
  /**
   * Called after the code exchange, before the token is stored: return false (or throw) to refuse the
   * account, e.g. when the provider account is not the chat user's. A refused token is revoked.
   */
  verifyIdentity?: (token: IAuthData, user: IUser) => Promise<boolean> | boolean;
  /**
   * Several accounts per user: the key a new token of `addAccount` is stored under, e.g. the
   * provider's user id (call its API with the token) or a workspace id. Default: the ID token's
   * `sub`, so OpenID providers need nothing. Must be 1-256 printable characters without spaces.
   */
  accountKey?: (token: IAuthData, user: IUser, http: IHttp) => Promise<string> | string;
  /**
   * What runs the device grant's polls. Default: an `EmbeddedDevicePollScheduler` (timers on each
   * host, stopped when the app is disabled); a host's job scheduler can implement the interface.
   */
  deviceScheduler?: IDevicePollScheduler;
  /**
   * Require the browser that completes the callback to be the chat user the link was issued to, as
   * recognised by the host's `authenticate` hook. Default false.
   */
  requireAuthenticatedCallback?: boolean;
  /**
   * The one message a user gets from the app's bot when their connection needs them again
   * (`needs_reauth`, once per episode across hosts), with a button that starts a new authorization
   * asking for what the connection lacks. Default on; `false` turns it off; `{ text, buttonText }`
   * words it (a string, or a function of the notice). See the README, "Re-link in chat".
   */
  relinkMessage?: false | IRelinkMessageOptions;
  /**
   * Keeps connections alive on the host's job scheduler: refreshes ahead of expiry, before the
   * provider's idle limit, and validates where the provider requires it (Twitch), paced per provider.
   * Default on where the host runs keyed jobs (Plugboard); `false` turns it off. See the README,
   * "Background refresh".
   */
  backgroundRefresh?: false | IBackgroundRefreshOptions;
  /**
   * Binding confirmation (SECURITY 25): a forwarded link must not bind whoever opens it to the chat
   * user it was issued to. After the code exchange the token is held, not stored as the user's; the
   * callback page names the chat user and the app and shows a one-time code, and the app's bot
   * asks the chat user (in a direct message, *Enter code* / *Not me*) to type it. Only then is the
   * token stored (events, `waitForAccessToken`, `authorizationCallback`); unconfirmed, it is revoked
   * when the state's time (`stateTtlSeconds`) runs out. Skipped when the host authenticated the
   * browser as that very chat user (`requireAuthenticatedCallback`). Default true; false stores the
   * token at the callback, as before (only for a host that cannot show the user a message, or tests).
   */
  bindingConfirmation?: boolean;
}
