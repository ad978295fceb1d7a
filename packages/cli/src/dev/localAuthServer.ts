import { randomBytes } from 'node:crypto';
import { startAuthorizationServer, type AuthorizationServer, type ServedRequest } from '@plugboard/testing';

/** Apps read this to point their OAuth client at the bundled server (see examples/demo). */
export const DEV_ISSUER_ENV = 'PLUGBOARD_DEV_ISSUER';

/** Client ids the dev host registers start with this, so a restart can tell them from real ones. */
export const LOCAL_CLIENT_PREFIX = 'plugboard-dev-';

export interface LocalClient {
  clientId: string;
  clientSecret: string;
}

/**
 * The bundled authorization server (oidc-provider on loopback, accounts alice and bob).
 * `onAuthorization` hears the browser's requests to its authorization endpoint, which the dev
 * host itself never sees.
 */
export function startLocalAuthorizationServer(onAuthorization?: (request: ServedRequest) => void): Promise<AuthorizationServer> {
  return startAuthorizationServer({
    port: 0,
    host: '127.0.0.1',
    ...(onAuthorization === undefined ? {} : { onRequest: (request: ServedRequest) => (/^\/auth(\?|$)/.test(request.url) ? onAuthorization(request) : undefined) }),
  });
}

/** Registers a confidential client for exactly one redirect URI, with a fresh secret. */
export async function registerLocalClient(
  server: AuthorizationServer,
  appId: string,
  alias: string,
  redirectUri: string,
): Promise<LocalClient> {
  const client: LocalClient = {
    clientId: `${LOCAL_CLIENT_PREFIX}${appId}-${alias}-${randomBytes(4).toString('hex')}`,
    clientSecret: randomBytes(32).toString('base64url'),
  };
  await server.addClient({ ...client, redirectUris: [redirectUri] });
  return client;
}
