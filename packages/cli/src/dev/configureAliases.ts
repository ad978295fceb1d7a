import type { AuthorizationServer } from '@plugboard/testing';
import type { AppHost } from '@plugboard/apps-engine/server';
import { LOCAL_CLIENT_PREFIX, registerLocalClient } from './localAuthServer.ts';

export type AliasSource = 'environment' | 'settings' | 'local server' | 'not configured';

export interface AliasSetup {
  alias: string;
  source: AliasSource;
  redirectUri: string;
  /** Environment variables that would supply real credentials. */
  envNames: { clientId: string; clientSecret: string };
  /** True when the store held a client of a previous run's local server: its tokens are dead. */
  replacedLocalClient: boolean;
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
 * variables, real ones an admin already stored, else a client registered with the bundled server.
 */
export async function configureAliases(
  host: AppHost,
  appId: string,
  siteUrl: string,
  env: Record<string, string | undefined>,
  server: AuthorizationServer | undefined,
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
    } else if (server !== undefined) {
      const client = await registerLocalClient(server, appId, alias, redirectUri);
      await host.settings.set(appId, idSetting, client.clientId);
      await host.settings.set(appId, secretSetting, client.clientSecret);
      setup.source = 'local server';
      setup.replacedLocalClient = typeof stored === 'string' && stored.startsWith(LOCAL_CLIENT_PREFIX);
    }
    setups.push(setup);
  }
  return setups;
}
