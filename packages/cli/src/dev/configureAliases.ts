import type { AuthorizationServer } from '@plugboard/testing';
import type { AppHost } from '@plugboard/apps-engine/server';
import { useDevelopmentAuthorizationServer, type IOAuth2Client } from '@plugboard/oauth2';
import { LOCAL_CLIENT_PREFIX, registerLocalClient } from './localAuthServer.ts';
import type { LocalClients } from './localClients.ts';

export type AliasSource = 'environment' | 'settings' | 'local server' | 'not configured';

export interface AliasSetup {
  alias: string;
  source: AliasSource;
  redirectUri: string;
  /** Environment variables that would supply real credentials. */
  envNames: { clientId: string; clientSecret: string };
  /** True when the store held a client of a previous run's local server: its tokens are dead. */
  replacedLocalClient: boolean;
  /** Why an alias is 'not configured', in words for the terminal and the console. */
  reason?: string;
}

const CLIENT_ID = '-oauth-client-id';

/** `PLUGBOARD_GOOGLE_CLIENT_ID` for alias `google`. */
export function envNamesFor(alias: string): AliasSetup['envNames'] {
  const key = alias.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { clientId: `PLUGBOARD_${key}_CLIENT_ID`, clientSecret: `PLUGBOARD_${key}_CLIENT_SECRET` };
}

/** The aliases of an app's OAuth clients, found by their `<alias>-oauth-client-id` settings. */
export async function oauthAliases(host: AppHost, appId: string): Promise<string[]> {
  const settings = await host.settings.list(appId);
  return settings.filter((s) => s.id.endsWith(CLIENT_ID)).map((s) => s.id.slice(0, -CLIENT_ID.length));
}

/**
 * Gives each OAuth alias client credentials, in order of preference: real ones from environment
 * variables, real ones an admin already stored, else a client registered with the bundled server,
 * and then the app's client is pointed at that server too. Credentials and endpoints always belong
 * to the same server: a `google()` client without real credentials talks to the bundled server,
 * never to Google with the bundled server's client id. An alias whose client cannot be pointed there
 * is left 'not configured', with the reason. A client this process already registered with the
 * running bundled server (`local`: a reload in watch mode) is kept, and so are its tokens.
 */
export async function configureAliases(
  host: AppHost,
  appId: string,
  siteUrl: string,
  env: Record<string, string | undefined>,
  server: AuthorizationServer | undefined,
  clients: ReadonlyMap<string, IOAuth2Client>,
  local: LocalClients,
): Promise<AliasSetup[]> {
  const setups: AliasSetup[] = [];
  for (const alias of await oauthAliases(host, appId)) {
    const envNames = envNamesFor(alias);
    const redirectUri = `${siteUrl}/api/apps/public/${appId}/${alias}-callback`;
    const setup: AliasSetup = { alias, source: 'not configured', redirectUri, envNames, replacedLocalClient: false };
    const idSetting = `${alias}${CLIENT_ID}`;
    const secretSetting = `${alias}-oauth-clientsecret`;
    const envId = env[envNames.clientId];
    const envSecret = env[envNames.clientSecret];
    const stored = await host.settings.get(appId, idSetting);

    if (envId && envSecret) {
      await host.settings.set(appId, idSetting, envId);
      await host.settings.set(appId, secretSetting, envSecret);
      setup.source = 'environment';
    } else if (typeof stored === 'string' && stored !== '' && !stored.startsWith(LOCAL_CLIENT_PREFIX)) {
      setup.source = 'settings';
    } else if (server === undefined) {
      setup.reason = `no credentials: set ${envNames.clientId} and ${envNames.clientSecret}`;
    } else if (!useDevelopmentAuthorizationServer(clients.get(alias), server.issuer)) {
      setup.reason = clients.has(alias)
        ? `its client has credentials in the app's code, for the app's own server: the bundled server is not used`
        : `its client is not kept on the app (this.oauth = createOAuth2Client(...)), so it cannot be pointed at the bundled server: set ${envNames.clientId} and ${envNames.clientSecret}`;
    } else if (local.has(stored)) {
      setup.source = 'local server';
    } else {
      const client = await registerLocalClient(server, appId, alias, redirectUri);
      local.add(client.clientId);
      await host.settings.set(appId, idSetting, client.clientId);
      await host.settings.set(appId, secretSetting, client.clientSecret);
      setup.source = 'local server';
      setup.replacedLocalClient = typeof stored === 'string' && stored.startsWith(LOCAL_CLIENT_PREFIX);
    }
    setups.push(setup);
  }
  return setups;
}

/** Where an alias's credentials, and so its requests, go: one line for the terminal and the console. */
export function describeAlias(alias: AliasSetup): string {
  switch (alias.source) {
    case 'local server':
      return `the bundled authorization server, credentials and endpoints both (set ${alias.envNames.clientId} and ${alias.envNames.clientSecret} to use the app's own)`;
    case 'not configured':
      return `not configured: ${alias.reason ?? 'no credentials'}`;
    default:
      return `credentials from ${alias.source}, the app's own endpoints`;
  }
}
