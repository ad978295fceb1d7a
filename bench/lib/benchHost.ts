import type Keyv from 'keyv';
import { App, type IConfigurationExtend, type IUser } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { createOAuth2Client, type IOAuth2ClientOptions, type OAuth2Client } from '@plugboard/oauth2';

export const APP_ID = 'bench-app';
export const CLIENT_ID = 'plugboard-bench';
export const CLIENT_SECRET = 'bench-secret';

export interface BenchHost {
  host: AppHost;
  url: string;
  client: OAuth2Client;
  alias: string;
  /** The callback URL on this host with the given query string. */
  callback(query: string): string;
  close(): Promise<void>;
}

export interface BenchHostOptions {
  /** The client's options (alias defaults to `bench`); client id and secret come from settings. */
  client: Omit<IOAuth2ClientOptions, 'alias'> & { alias?: string };
  store?: Keyv;
  siteUrl?: string;
  /** Users added to the host's directory. */
  users?: IUser[];
}

/** A host on a free loopback port with one app owning one OAuth client; logs are dropped. */
export async function startBenchHost(options: BenchHostOptions): Promise<BenchHost> {
  const alias = options.client.alias ?? 'bench';
  // Benchmarks time the client's own work: the token is stored at the callback (no binding confirmation).
  const clientOptions: IOAuth2ClientOptions = { bindingConfirmation: false, ...options.client, alias };
  class BenchApp extends App {
    oauth!: OAuth2Client;
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      this.oauth = createOAuth2Client(this, clientOptions);
      await this.oauth.setup(configuration);
    }
  }
  const host = new AppHost({ logger: () => {}, ...(options.store ? { store: options.store } : {}), ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}) });
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  const app = await host.install(BenchApp, { id: APP_ID, name: 'Bench app', version: '1.0.0' });
  await host.settings.set(APP_ID, `${alias}-oauth-client-id`, CLIENT_ID);
  await host.settings.set(APP_ID, `${alias}-oauth-clientsecret`, CLIENT_SECRET);
  for (const user of options.users ?? []) await host.users.add(user);
  return {
    host,
    url,
    client: app.oauth,
    alias,
    callback: (query) => `${url}/api/apps/public/${APP_ID}/${alias}-callback?${query}`,
    close: () => host.close(),
  };
}

export function benchUser(i: number): IUser {
  // Only what the client reads; the host's directory completes real users.
  return { id: `bench-user-${i}`, username: `user${i}` } as IUser;
}

/**
 * Connects a user against a canned token endpoint the way a browser would: takes the state from a
 * fresh authorization URL and GETs the callback with a code. Throws unless the host answered 200.
 */
export async function connectViaCallback(bench: BenchHost, user: IUser): Promise<void> {
  const authUrl = await bench.client.getUserAuthorizationUrl(user);
  const state = authUrl.searchParams.get('state') ?? '';
  const response = await fetch(bench.callback(`code=bench-code&state=${state}`));
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`callback answered ${response.status}`);
}
