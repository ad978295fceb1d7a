/**
 * The one hook a development host has into an app's OAuth clients. Keyed by a registered symbol,
 * not a class check, so it reaches a client made by another copy of this package (the app's
 * CommonJS copy, say, when the host runs the ESM one).
 */
export const USE_AUTHORIZATION_SERVER = Symbol.for('plugboard.oauth2.useAuthorizationServer');

interface Retargetable {
  [USE_AUTHORIZATION_SERVER](issuer: string): boolean;
}

/**
 * For development hosts only (`plugboard dev` uses it): points an app's client at another
 * authorization server, typically a local one whose client credentials the host put in the app's
 * settings. The client then discovers `issuer` and drops its preset and explicit endpoints, so a
 * `google()` client never sends the local server's credentials to Google, nor Google users to the
 * local server. Returns false when `client` is not a Plugboard client, or when the app passed its
 * own credentials in the client's options (those stay with the app's own server).
 */
export function useDevelopmentAuthorizationServer(client: unknown, issuer: string): boolean {
  const candidate = client as Partial<Retargetable> | null;
  const use = typeof candidate === 'object' && candidate !== null ? candidate[USE_AUTHORIZATION_SERVER] : undefined;
  return typeof use === 'function' ? use.call(candidate, issuer) : false;
}

/** The development host's second hook: see `expireForDevelopment`. */
export const EXPIRE_NOW = Symbol.for('plugboard.oauth2.expireNow');

interface Expirable {
  [EXPIRE_NOW](userId: string, accountKey?: string): Promise<boolean>;
}

/**
 * For development hosts only (the dev console's "expire now"): marks the user's stored token as
 * expired a second ago, changing nothing else, so the app's next `getAccessTokenForUser` takes the
 * refresh path (or, without a refresh token, the re-authorization path) as it would in an hour.
 * Resolves false when there is no such token or `client` is not a Plugboard client.
 */
export async function expireForDevelopment(client: unknown, userId: string, accountKey?: string): Promise<boolean> {
  const candidate = client as Partial<Expirable> | null;
  const expire = typeof candidate === 'object' && candidate !== null ? candidate[EXPIRE_NOW] : undefined;
  return typeof expire === 'function' ? expire.call(candidate, userId, accountKey) : false;
}
