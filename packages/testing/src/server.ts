import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { DEFAULT_ACCOUNTS } from './accounts.ts';
import { close, formatHost, listen, mounted } from './http-server.ts';
import { clientMetadata } from './clients.ts';
import { RequestCounters } from './counters.ts';
import { DevicePolling } from './device-polling.ts';
import { MemoryStore } from './memory-adapter.ts';
import { loginNotice } from './login-notice.ts';
import { stripThirdPartyFonts } from './offline-pages.ts';
import { providerConfiguration } from './provider-config.ts';
import { withoutExpectedNotices } from './quiet.ts';
import { TokenLog } from './token-log.ts';
import type {
  AuthorizationServer,
  AuthorizationServerEndpoints,
  AuthorizationServerOptions,
  ClientSpec,
  IntrospectionResponse,
  ServedRequest,
} from './types.ts';

/** Calls `onRequest` once the response is sent (the URL as received, before the mount path is stripped). */
function observe(req: IncomingMessage, res: ServerResponse, onRequest: (request: ServedRequest) => void): void {
  const started = performance.now();
  const method = req.method ?? '';
  const url = req.url ?? '/';
  res.once('finish', () => {
    try {
      onRequest({ method, url, status: res.statusCode, durationMs: performance.now() - started });
    } catch {
      // A listener's failure is the listener's.
    }
  });
}

export const DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access', 'read', 'write'];

/** Starts a real OAuth 2.0 / OpenID Connect authorization server on loopback. */
export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<AuthorizationServer> {
  const host = options.host ?? '127.0.0.1';
  const scopes = options.scopes ?? DEFAULT_SCOPES;
  if (!scopes.includes('openid')) throw new TypeError('scopes must include openid');

  // Validate client specs before binding a port, so a bad spec leaks no server.
  const initialClients = (options.clients ?? []).map((spec) => clientMetadata(spec, scopes));

  const server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }) : createServer();
  const port = await listen(server, options.port ?? 0, host);
  try {
    const url = `${options.tls ? 'https' : 'http'}://${formatHost(host)}:${port}`;
    const issuer = options.issuer ?? url;
    const mountPath = new URL(issuer).pathname.replace(/\/$/, '');

    // Credentials for the server's own introspection calls; never handed out.
    const introspector = {
      clientId: `plugboard-testing-introspector-${randomBytes(6).toString('hex')}`,
      clientSecret: randomBytes(32).toString('base64url'),
    };

    const counters = new RequestCounters();
    const tokenLog = options.tokenLog === true ? new TokenLog() : undefined;
    const deviceFlow = options.deviceFlow ?? {};
    const devicePolling = new DevicePolling({ intervalSeconds: deviceFlow.intervalSeconds ?? 5, slowDownPolls: deviceFlow.slowDownPolls ?? 0 });
    const store = new MemoryStore();
    const accounts = options.accounts ?? DEFAULT_ACCOUNTS;
    const provider = await withoutExpectedNotices(async () => {
      const oidc = await import('oidc-provider');
      return new oidc.Provider(issuer, providerConfiguration({
        store,
        accounts,
        clients: [
          ...initialClients,
          {
            client_id: introspector.clientId,
            client_secret: introspector.clientSecret,
            redirect_uris: [],
            response_types: [],
            grant_types: [],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        introspectorClientId: introspector.clientId,
        scopes,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 60 * 60,
        refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 14 * 24 * 60 * 60,
        idTokenTtlSeconds: options.idTokenTtlSeconds ?? 60 * 60,
        authorizationCodeTtlSeconds: options.authorizationCodeTtlSeconds ?? 60,
        deviceCodeTtlSeconds: deviceFlow.codeTtlSeconds ?? 600,
        rotateRefreshTokens: options.rotateRefreshTokens ?? true,
        issueRefreshTokens: options.issueRefreshTokens ?? true,
        errors: oidc.errors,
        interactionPolicy: oidc.interactionPolicy,
      }));
    });
    // Static clients are otherwise only checked at their first request.
    for (const metadata of initialClients) await provider.Client.validate(metadata);
    // oidc-provider answers 500 and only emits the cause; print it so a failing test says why.
    provider.on('server_error', (_ctx, error) => {
      console.error(`@plugboard/testing: authorization server error at ${issuer}:`, error);
    });
    provider.use(counters.middleware);
    if (tokenLog !== undefined) {
      provider.on('grant.revoked', tokenLog.onGrantRevoked);
      provider.use(tokenLog.middleware);
    }
    // Inside the counters, so they count the answer the client finally gets (slow_down).
    provider.use(devicePolling.middleware);
    provider.use(stripThirdPartyFonts);
    provider.use(loginNotice(accounts));
    const handle = mounted(provider, mountPath);
    const onRequest = options.onRequest;
    server.on('request', (req, res) => {
      if (onRequest !== undefined) observe(req, res, onRequest);
      handle(req, res);
    });

    const base = issuer.replace(/\/$/, '');
    const endpoints: AuthorizationServerEndpoints = {
      authorization: `${base}/auth`,
      token: `${base}/token`,
      revocation: `${base}/token/revocation`,
      introspection: `${base}/token/introspection`,
      userinfo: `${base}/me`,
      jwks: `${base}/jwks`,
      deviceAuthorization: `${base}/device/auth`,
      deviceVerification: `${base}/device`,
      endSession: `${base}/session/end`,
    };
    const basicAuth = `Basic ${Buffer.from(`${introspector.clientId}:${introspector.clientSecret}`).toString('base64')}`;
    const registered = new Set(initialClients.map((metadata) => String(metadata.client_id)));
    registered.add(introspector.clientId);

    return {
      issuer,
      url,
      port,
      discoveryUrl: `${base}/.well-known/openid-configuration`,
      endpoints,
      get counters() {
        return counters.snapshot();
      },
      get devicePolls() {
        return devicePolling.polls;
      },
      get tokenLog() {
        return tokenLog?.records ?? [];
      },
      resetCounters: () => {
        counters.reset();
        tokenLog?.reset();
      },
      async addClient(spec: ClientSpec) {
        if (registered.has(spec.clientId)) throw new TypeError(`client ${spec.clientId} is already registered`);
        const metadata = clientMetadata(spec, scopes);
        // Validate now, so a bad redirect URI fails here and not at the first request.
        await provider.Client.validate(metadata);
        await provider.Client.adapter.upsert(spec.clientId, metadata);
        registered.add(spec.clientId);
      },
      async introspect(token: string) {
        // Both id and secret are URL-safe, so no form-encoding is needed before base64.
        const response = await fetch(endpoints.introspection, {
          method: 'POST',
          headers: { authorization: basicAuth, accept: 'application/json' },
          body: new URLSearchParams({ token }),
          redirect: 'manual',
        });
        if (!response.ok) throw new Error(`introspection failed with HTTP ${response.status}`);
        return (await response.json()) as IntrospectionResponse;
      },
      close: () => close(server),
    };
  } catch (error) {
    await close(server);
    throw error;
  }
}
