/**
 * A user's token as Plugboard stores it.
 *
 * `expiresAt` is absolute (Unix epoch milliseconds) so a stored token never needs the time it
 * was issued: storing the relative `expires_in` is one of the flaws this SDK replaces.
 */
export interface IAuthData {
  /** The access token. */
  token: string;
  /** Absolute expiry in epoch milliseconds; `0` when the provider gave no lifetime. */
  expiresAt: number;
  /** Granted scopes, space-separated (RFC 6749 §3.3). */
  scope: string;
  refreshToken?: string;
  /** Canonical `Bearer` when the provider named a type. */
  tokenType?: string;
  /** The OpenID Connect ID token, when one was issued. */
  idToken?: string;
}
