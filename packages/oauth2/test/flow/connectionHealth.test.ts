import Keyv from 'keyv';
import type { AuthorizationServerOptions } from '@plugboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { OAuth2ClientEvents } from '../../src/index.ts';
import { APP_ID, CLIENT_SECRET, startHarness, type Harness } from '../support/harness.ts';
import { revokeAtProvider } from '../support/provider.ts';
import { startTokenProxy, type TokenProxy } from '../support/tokenProxy.ts';

let harness: Harness | undefined;
let proxy: TokenProxy | undefined;
afterEach(async () => {
  proxy?.release();
  await harness?.close();
  await proxy?.close();
  harness = undefined;
  proxy = undefined;
});

/** A real server behind a token proxy that can fail or hold refreshes; hosts share one store. */
async function start(hosts = 1, server: AuthorizationServerOptions = {}) {
  proxy = await startTokenProxy();
  const p = proxy;
  const store = new Keyv();
  harness = await startHarness({
    stores: Array.from({ length: hosts }, () => store),
    server,
    client: (as) => {
      p.target = as.endpoints.token;
      return { accessTokenUri: p.url, timeoutMs: 1_500 };
    },
  });
  return { h: harness, proxy: p };
}

function record<E extends keyof OAuth2ClientEvents>(h: Harness, event: E): Array<OAuth2ClientEvents[E]> {
  const seen: Array<OAuth2ClientEvents[E]> = [];
  h.client.on(event, (payload) => seen.push(payload));
  return seen;
}

describe('connection health (getConnectionStatus)', () => {
  it('none before connecting; connected after; refreshing while a refresh runs, on every host; connected once it wrote', async () => {
    const { h, proxy } = await start(2);
    const [first, second] = h.hosts.map((host) => host.client);
    expect(await first!.getConnectionStatus(h.alice)).toEqual({ state: 'none' });
    await h.connect(h.alice);
    expect(await first!.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected', since: expect.any(Number) });

    proxy.set('park');
    const refreshing = first!.refreshUserAccessToken(h.alice);
    await proxy.parkedOne();
    const during = await second!.getConnectionStatus(h.alice);
    expect(during).toMatchObject({ state: 'refreshing', until: expect.any(Number) });
    proxy.set('pass');
    proxy.release();
    await refreshing;
    expect(await second!.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
  });

  it('a grant revoked at the provider: needs_reauth (invalid_grant), the event once with its status, the token gone; a new consent makes it connected', async () => {
    const { h } = await start();
    await h.connect(h.alice);
    const events = record(h, 'reauthorizationRequired');
    const stored = await h.client.getAccessTokenForUser(h.alice);
    await revokeAtProvider(h.as, stored!.refreshToken!);

    await expect(h.client.refreshUserAccessToken(h.alice)).rejects.toMatchObject({ code: 'reauthorization_required' });
    await expect(h.client.refreshUserAccessToken(h.alice)).resolves.toBeUndefined(); // nothing left to refresh
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'needs_reauth', reason: 'invalid_grant' });
    expect(events).toEqual([
      { userId: 'u-alice', alias: 'local', error: 'invalid_grant', reason: 'invalid_grant', status: expect.objectContaining({ state: 'needs_reauth', reason: 'invalid_grant' }) },
    ]);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();

    await h.connect(h.alice);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
  });

  it('the provider failing (503) or silent (timeout) is provider_unavailable: the token is kept and served; the next good refresh ends it', async () => {
    const { h, proxy } = await start();
    await h.connect(h.alice);
    const before = await h.client.getAccessTokenForUser(h.alice);

    proxy.set('fail-503');
    await expect(h.client.refreshUserAccessToken(h.alice)).rejects.toBeInstanceOf(Error);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'provider_unavailable', reason: 'server_error' });
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(before?.token);

    proxy.set('hang');
    await expect(h.client.refreshUserAccessToken(h.alice)).rejects.toMatchObject({ code: 'timeout' });
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'provider_unavailable', reason: 'timeout' });

    proxy.set('pass');
    const after = await h.client.refreshUserAccessToken(h.alice);
    expect(after?.token).not.toBe(before?.token);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
  });

  it('client credentials refused (a rotated secret): needs_reauth (client_credentials_refused), the token kept, one event for many failures; the fixed setting ends it', async () => {
    const { h } = await start();
    await h.connect(h.alice);
    const events = record(h, 'reauthorizationRequired');
    const before = await h.client.getAccessTokenForUser(h.alice);
    await h.host.settings.set(APP_ID, 'local-oauth-clientsecret', 'rotated-by-an-admin');

    for (let i = 0; i < 3; i++) await expect(h.client.refreshUserAccessToken(h.alice)).rejects.toMatchObject({ error: 'invalid_client' });
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'needs_reauth', reason: 'client_credentials_refused' });
    expect(events.map((e) => e.reason)).toEqual(['client_credentials_refused']);
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(before?.token); // not expired: still served

    await h.host.settings.set(APP_ID, 'local-oauth-clientsecret', CLIENT_SECRET);
    await h.client.refreshUserAccessToken(h.alice);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
  });

  it('an expired token without a refresh token reads as needs_reauth (token_expired), and reading it changes nothing', async () => {
    const { h } = await start(1, { issueRefreshTokens: false, accessTokenTtlSeconds: 1 });
    await h.connect(h.alice);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const events = record(h, 'reauthorizationRequired');
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'needs_reauth', reason: 'token_expired' });
    expect(events).toEqual([]);
    expect(await h.client.listAccountsForUser(h.alice)).toHaveLength(1); // still stored
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(events.map((e) => e.reason)).toEqual(['token_expired']);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'needs_reauth', reason: 'token_expired' });
  });

  it('revoking on purpose leaves none, not needs_reauth', async () => {
    const { h } = await start();
    await h.connect(h.alice);
    const stored = await h.client.getAccessTokenForUser(h.alice);
    await revokeAtProvider(h.as, stored!.refreshToken!);
    await h.client.refreshUserAccessToken(h.alice).catch(() => undefined);
    expect((await h.client.getConnectionStatus(h.alice)).state).toBe('needs_reauth');
    await h.client.revokeUserAccessToken(h.alice);
    expect(await h.client.getConnectionStatus(h.alice)).toEqual({ state: 'none' });
  });

  it('connectionStatusChanged tells this host\'s listeners (a console) each change it records', async () => {
    const { h, proxy } = await start();
    await h.connect(h.alice);
    const changes = record(h, 'connectionStatusChanged');
    proxy.set('fail-503');
    await h.client.refreshUserAccessToken(h.alice).catch(() => undefined);
    proxy.set('pass');
    await h.client.refreshUserAccessToken(h.alice);
    expect(changes.map((c) => c.status.state)).toEqual(['refreshing', 'provider_unavailable', 'refreshing', 'connected']);
  });
});
