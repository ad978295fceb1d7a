import type { App } from '@plugboard/apps-engine';
import type { IOAuth2Client } from '@plugboard/oauth2';

type AliasedClient = IOAuth2Client & { readonly alias: string };

function isClient(value: unknown): value is AliasedClient {
  const candidate = value as Partial<AliasedClient> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.alias === 'string' &&
    typeof candidate.getAccessTokenForUser === 'function' &&
    typeof candidate.revokeUserAccessToken === 'function'
  );
}

/**
 * The OAuth clients an app keeps on its instance (`this.oauth = createOAuth2Client(...)`), by
 * alias. Arrays and plain objects one level down are searched too (`this.clients = { google, github }`).
 */
export function findOAuthClients(app: App): Map<string, IOAuth2Client> {
  const found = new Map<string, IOAuth2Client>();
  const visit = (value: unknown) => {
    if (isClient(value)) found.set(value.alias, value);
  };
  for (const value of Object.values(app)) {
    visit(value);
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      Object.values(value).forEach(visit);
    }
    if (value instanceof Map) [...value.values()].forEach(visit);
  }
  return found;
}
