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
