import type Keyv from 'keyv';
import { App, type IConfigurationExtend, type IUser } from '@plugboard/apps-engine';
import { AppHost, type AppHostOptions } from '@plugboard/apps-engine/server';
import { completeConsent, startAuthorizationServer, type AuthorizationServer, type AuthorizationServerOptions, type ClientSpec } from '@plugboard/testing';
import { createOAuth2Client, type IOAuth2ClientOptions, type OAuth2Client } from '../../src/index.ts';

export const APP_ID = 'flow-app';
export const CLIENT_ID = 'plugboard-test';
export const CLIENT_SECRET = 'test-secret:%+& é'.replace(' é', '');

export type ClientOptions = Partial<IOAuth2ClientOptions> | ((as: AuthorizationServer) => Partial<IOAuth2ClientOptions>);

/** An app whose only job is to own one OAuth client, configured by the test. */
export function appWithClient(options: () => IOAuth2ClientOptions) {
  return class FlowApp extends App {
    oauth!: OAuth2Client;

    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      this.oauth = createOAuth2Client(this, options());
      await this.oauth.setup(configuration);
    }
  };
}

export interface HostUnderTest {
  host: AppHost;
  /** The installed app: tests may give it a second client on the same alias and store. */
  app: App;
  url: string;
  siteUrl: string;
  client: OAuth2Client;
}

export interface Harness {
  as: AuthorizationServer;
  hosts: HostUnderTest[];
  /** The first host's client. */
  client: OAuth2Client;
  host: AppHost;
  alice: IUser;
  bob: IUser;
  alias: string;
  /** Starts a flow for the user on host `via`, consents as `account`, follows the redirect to the host. */
  connect(user: IUser, options?: { via?: number; finishVia?: number; account?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  server?: AuthorizationServerOptions;
  client?: ClientOptions;
  /** A Keyv per host (share one Redis to make one deployment); default one in-memory host. */
  stores?: Array<Keyv | undefined>;
  alias?: string;
  /**
   * The public URL every host shares, as behind a load balancer; the test routes each callback to
   * the host it chooses. Default: each host's own listen URL (single-host tests).
   */
  siteUrl?: string;
  /** Use this running authorization server instead of starting one (restart tests). */
  reuseServer?: AuthorizationServer;
  /** Extra host options (a log sink, an authenticate hook...). */
  host?: AppHostOptions;
  /** Changes how the client is registered at the server (private_key_jwt keys, grant types...). */
  registration?: (defaults: ClientSpec) => ClientSpec;
}

/** A real authorization server, one or more real hosts, the app installed on each, alice and bob. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const alias = options.alias ?? 'local';
  const as = options.reuseServer ?? (await startAuthorizationServer(options.server ?? {}));
  const stores = options.stores ?? [undefined];
  // Evaluated per host: each host gets its own objects (a device poll scheduler, say).
  const optionsFor = (): Partial<IOAuth2ClientOptions> => (typeof options.client === 'function' ? options.client(as) : (options.client ?? {}));
  const extra = optionsFor();
  // Flows not about the binding confirmation store the token at the callback (binding tests turn it on).
  const clientOptions = (): IOAuth2ClientOptions => ({ alias, issuer: as.issuer, defaultScopes: ['openid', 'profile'], bindingConfirmation: false, ...optionsFor() });

  const hosts: HostUnderTest[] = [];
  for (const store of stores) {
    const host = new AppHost({ ...options.host, ...(store ? { store } : {}), ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}) });
    const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
    const app = await host.install(appWithClient(clientOptions), { id: APP_ID, name: 'Flow app', version: '1.0.0' });
    await host.settings.set(APP_ID, `${alias}-oauth-client-id`, CLIENT_ID);
    await host.settings.set(APP_ID, `${alias}-oauth-clientsecret`, CLIENT_SECRET);
    await host.users.add({ id: 'u-alice', username: 'alice' });
    await host.users.add({ id: 'u-bob', username: 'bob' });
    hosts.push({ host, app, url, client: app.oauth, siteUrl: options.siteUrl ?? url });
  }
  // A reused server already knows the client (and the same siteUrl gives the same redirect URIs).
  const registration: ClientSpec = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [...new Set(hosts.map((h) => `${h.siteUrl}/api/apps/public/${APP_ID}/${alias}-callback`))],
    tokenEndpointAuthMethod: extra.clientAuthMethod ?? 'client_secret_basic',
  };
  if (!options.reuseServer) await as.addClient(options.registration ? options.registration(registration) : registration);
  const first = hosts[0] as HostUnderTest;
  const alice = (await first.host.users.getById('u-alice')) as IUser;
  const bob = (await first.host.users.getById('u-bob')) as IUser;

  return {
    as,
    hosts,
    client: first.client,
    host: first.host,
    alice,
    bob,
    alias,
    async connect(user, connectOptions = {}) {
      const via = hosts[connectOptions.via ?? 0] as HostUnderTest;
      const url = await via.client.getUserAuthorizationUrl(user);
      const result = await completeConsent(url, { account: connectOptions.account ?? user.username });
      const page = await getPage(routeTo(hosts[connectOptions.finishVia ?? connectOptions.via ?? 0] as HostUnderTest, result.redirectUrl));
      return { status: page.status, body: page.body };
    },
    async close() {
      await Promise.all(hosts.map((h) => h.host.close()));
      await as.close();
    },
  };
}

/** Sends the callback URL the authorization server produced to a host (or any URL), like a browser. */
export async function getPage(url: URL | string): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** What a load balancer does: the same path and query, sent to the chosen host. */
export function routeTo(host: HostUnderTest, redirectUrl: URL): string {
  return `${host.url}${redirectUrl.pathname}${redirectUrl.search}`;
}
