import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Keyv from 'keyv';
import { startAuthorizationServer } from '@plugboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderPreset } from '../../src/providers/index.ts';
import { APP_ID, CLIENT_ID, CLIENT_SECRET, startHarness, type Harness, type HarnessOptions } from '../support/harness.ts';
import { revokeAtProvider } from '../support/provider.ts';
import { startTokenProxy, type TokenProxy } from '../support/tokenProxy.ts';

/**
 * Issue 15 item 2 against the real authorization server with short lifetimes: rotating refresh
 * tokens that die after IDLE seconds unused (oidc-provider gives each rotated token a fresh TTL,
 * which is what an idle limit is), and a Twitch-like validation endpoint (a fault server: 401
 * once the user "disconnected" the app). The host's real in-process scheduler runs the jobs.
 */
const IDLE_SECONDS = 4;

let harness: Harness | undefined;
let validator: Server | undefined;
let proxy: TokenProxy | undefined;
afterEach(async () => {
  proxy?.release();
  await proxy?.close();
  proxy = undefined;
  await harness?.close();
  await new Promise((resolve) => (validator ? validator.close(resolve) : resolve(undefined)));
  harness = undefined;
  validator = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(options: HarnessOptions): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

describe('background refresh (issue 15 item 2)', () => {
  it(`keeps an idle grant alive across its inactivity limit (${IDLE_SECONDS} s here, Google's 6 months in production); without it the same grant dies`, async () => {
    const server = { refreshTokenTtlSeconds: IDLE_SECONDS, rotateRefreshTokens: true, accessTokenTtlSeconds: 3600 };
    const h = await start({ server, client: { backgroundRefresh: { refreshTokenIdleSeconds: IDLE_SECONDS, jitter: 0 } } });
    expect(h.client.background.active).toBe(true);
    await h.connect(h.alice);
    const first = await h.client.getAccessTokenForUser(h.alice);
    h.as.resetCounters();

    // Nobody uses the connection for more than twice its idle limit.
    await sleep(IDLE_SECONDS * 2_500);
    const refreshes = h.as.counters.successfulRefreshGrants;
    expect(refreshes).toBeGreaterThanOrEqual(2); // about every IDLE/2 seconds, in the background
    expect(h.as.counters.refreshGrants).toBe(refreshes); // and none failed
    // The grant lives: a forced refresh (what a 401 would do) still works, and the token changed hands in the background.
    const after = await h.client.refreshUserAccessToken(h.alice);
    expect(after?.token).toBeDefined();
    expect(after?.refreshToken).not.toBe(first?.refreshToken);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
    await h.close();
    harness = undefined;

    // Control: the same grant shape with background refresh off dies of idleness.
    const off = await start({ server, client: { backgroundRefresh: false } });
    expect(off.client.background.active).toBe(false);
    await off.connect(off.alice);
    await sleep(IDLE_SECONDS * 1_000 + 1_500);
    await expect(off.client.refreshUserAccessToken(off.alice)).rejects.toMatchObject({ code: 'reauthorization_required', error: 'invalid_grant' });
  });

  it("validates where the provider requires it (Twitch-like: 'OAuth <token>'); a token the provider stops taking, on a dead grant, gives exactly one re-link message", async () => {
    let disconnected = false;
    const seen: string[] = [];
    validator = createServer((request, response) => {
      seen.push(request.headers.authorization ?? '');
      response.writeHead(disconnected ? 401 : 200, { 'content-type': 'application/json' });
      response.end(disconnected ? '{"status":401,"message":"invalid access token"}' : '{"client_id":"x","expires_in":3600}');
    });
    await new Promise<void>((resolve) => validator!.listen(0, '127.0.0.1', resolve));
    const validateUrl = `http://127.0.0.1:${(validator.address() as AddressInfo).port}/oauth2/validate`;

    const h = await start({
      client: (as) => ({
        // A preset whose data says "validate every second" (Twitch says hourly).
        provider: {
          id: 'twitch-like',
          authorizationEndpoint: as.endpoints.authorization,
          tokenEndpoint: as.endpoints.token,
          revocation: { style: 'rfc7009', endpoint: as.endpoints.revocation },
          clientAuthMethod: 'client_secret_basic',
          pkce: 'S256',
          scopeSeparator: ' ',
          refreshTokenRotates: true,
          tokenValidation: { endpoint: validateUrl, intervalSeconds: 1, scheme: 'OAuth', docs: 'https://dev.twitch.tv/docs/authentication/validate-tokens/' },
          notes: [],
          docs: '',
        } satisfies ProviderPreset,
        backgroundRefresh: { jitter: 0 },
      }),
    });
    await h.connect(h.alice);
    const token = await h.client.getAccessTokenForUser(h.alice);
    await sleep(2_500);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seen)).toEqual(new Set([`OAuth ${token!.token}`]));

    // The user disconnects the app at the provider: the token fails validation and the grant is dead.
    await revokeAtProvider(h.as, token!.refreshToken!);
    disconnected = true;
    await sleep(3_000);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'needs_reauth', reason: 'invalid_grant' });
    const notices = h.host.messages.filter((m) => m.appId === APP_ID && m.recipient === undefined && m.room.type === 'd');
    expect(notices).toHaveLength(1);
    const calls = seen.length;
    await sleep(1_500);
    expect(seen.length).toBe(calls); // the token is gone: validation stops
  });

  it('a provider down (503) when the background job runs: provider_unavailable with the token kept and retryAt saying when it tries again; no message', async () => {
    proxy = await startTokenProxy();
    const p = proxy;
    const h = await start({
      server: { refreshTokenTtlSeconds: 60, accessTokenTtlSeconds: 3600 },
      client: (as) => {
        p.target = as.endpoints.token;
        return { accessTokenUri: p.url, backgroundRefresh: { refreshTokenIdleSeconds: 2, jitter: 0 } };
      },
    });
    await h.connect(h.alice);
    const before = await h.client.getAccessTokenForUser(h.alice);
    p.set('fail-503');
    let status = await h.client.getConnectionStatus(h.alice);
    for (let i = 0; i < 100 && status.retryAt === undefined; i++) {
      await sleep(50);
      status = await h.client.getConnectionStatus(h.alice);
    }
    expect(status).toMatchObject({ state: 'provider_unavailable', reason: 'server_error', retryAt: expect.any(Number) });
    expect(status.retryAt! - status.since!).toBeGreaterThanOrEqual(25_000); // backoff starts at 30 s (minus jitter)
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(before?.token);
    expect(h.host.messages.filter((m) => m.appId === APP_ID)).toEqual([]);
  });

  it('grants stored while it was off (an upgrade) are planned when a host starts with it on, and kept alive', async () => {
    const as = await startAuthorizationServer({ refreshTokenTtlSeconds: IDLE_SECONDS, rotateRefreshTokens: true, accessTokenTtlSeconds: 3600 });
    const store = new Keyv();
    const siteUrl = 'https://chat.example.test';
    await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${siteUrl}/api/apps/public/${APP_ID}/local-callback`] });
    try {
      const before = await startHarness({ reuseServer: as, siteUrl, stores: [store], client: { backgroundRefresh: false } });
      await before.connect(before.alice);
      await before.connect(before.bob);
      await Promise.all(before.hosts.map((h) => h.host.close()));

      // The same store, a new version of the app with background refresh on: the startup sweep plans both grants.
      const after = await startHarness({ reuseServer: as, siteUrl, stores: [store], client: { backgroundRefresh: { refreshTokenIdleSeconds: IDLE_SECONDS, jitter: 0 } } });
      harness = { ...after, close: async () => Promise.all(after.hosts.map((h) => h.host.close())).then(() => undefined) };
      await sleep(IDLE_SECONDS * 2_000);
      await expect(after.client.refreshUserAccessToken(after.alice)).resolves.toMatchObject({ token: expect.any(String) });
      await expect(after.client.refreshUserAccessToken(after.bob)).resolves.toMatchObject({ token: expect.any(String) });
    } finally {
      await harness?.close();
      harness = undefined;
      await as.close();
    }
  });
});
