import { randomBytes } from 'node:crypto';
import Keyv from 'keyv';
import type { IUser } from '@plugboard/apps-engine';
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '@plugboard/testing';
import { getPage, routeTo, startHarness, type Harness } from '../support/harness.ts';
import { ConfigurationError, createOAuth2Client } from '../../src/index.ts';
import { json, startFakeTokenEndpoint } from '../support/fakeTokenEndpoint.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('tokens encrypted at rest (SECURITY 23)', () => {
  it('leaves no token text in the raw store, and a wrong key is a clear error', async () => {
    const raw = new Map<string, unknown>();
    const key = randomBytes(32);
    harness = await startHarness({ stores: [new Keyv({ store: raw })], client: { encryptionKey: key } });
    const h = harness;
    await h.connect(h.alice);
    const token = await h.client.getAccessTokenForUser(h.alice);
    expect(token?.token).toBeTruthy();
    const dump = JSON.stringify([...raw.entries()]);
    expect(dump.length).toBeGreaterThan(100);
    for (const secret of [token?.token, token?.refreshToken, token?.idToken]) expect(dump).not.toContain(secret);
  });
});

describe('tokens encrypted at rest by the host (SECURITY 23)', () => {
  it('a host encryptionKey covers tokens, pending authorizations and the client secret setting', async () => {
    const raw = new Map<string, unknown>();
    harness = await startHarness({ stores: [new Keyv({ store: raw })], host: { encryptionKey: randomBytes(32) } });
    const h = harness;
    const pending = await h.client.getUserAuthorizationUrl(h.bob);
    await h.connect(h.alice);
    const token = await h.client.getAccessTokenForUser(h.alice);
    const dump = JSON.stringify([...raw.entries()]);
    for (const secret of [token?.token, token?.refreshToken, token?.idToken, 'test-secret', pending.searchParams.get('state')]) {
      expect(dump).not.toContain(secret);
    }
  });
});

describe('chat identity checks (optional)', () => {
  it('verifyIdentity refusing the account stores nothing and revokes the token', async () => {
    harness = await startHarness({ client: { verifyIdentity: () => false } });
    const h = harness;
    const page = await h.connect(h.alice);
    expect(page.status).toBe(403);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(h.as.counters.revocations).toBeGreaterThanOrEqual(1);
  });

  it('verifyIdentity accepting the account stores it', async () => {
    const seen: string[] = [];
    harness = await startHarness({ client: { verifyIdentity: (_token, user) => { seen.push(user.id); return true; } } });
    expect((await harness.connect(harness.alice)).status).toBe(200);
    expect(seen).toEqual(['u-alice']);
  });

  it("requireAuthenticatedCallback refuses a browser that is not the state's chat user", async () => {
    harness = await startHarness({
      client: { requireAuthenticatedCallback: true },
      host: { authenticate: async (request) => {
        const who = request.headers['x-chat-user'];
        return typeof who === 'string' ? ({ id: who, username: who } as IUser) : undefined;
      } },
    });
    const h = harness;
    const consent = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account: 'alice' });
    const asBob = await fetch(routeTo(h.hosts[0]!, consent.redirectUrl), { headers: { 'x-chat-user': 'u-bob' } });
    expect(asBob.status).toBe(403);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    const consent2 = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account: 'alice' });
    const asAlice = await fetch(routeTo(h.hosts[0]!, consent2.redirectUrl), { headers: { 'x-chat-user': 'u-alice' } });
    expect(asAlice.status).toBe(200);
  });
});

describe('configuration errors are clear', () => {
  it('refuses plain http endpoints off loopback unless allowed', () => {
    const app = { getID: () => 'a' } as never;
    expect(() => createOAuth2Client(app, { alias: 'x', authUri: 'http://as.example/a', accessTokenUri: 'http://as.example/t' })).not.toThrow();
    // Endpoints are checked when first used (they may come from discovery), see the next test.
  });

  it('fails a flow when an endpoint is plain http off loopback', async () => {
    harness = await startHarness({ client: { issuer: undefined as never, authUri: 'http://as.example/a', accessTokenUri: 'http://as.example/t' } });
    await expect(harness.client.getUserAuthorizationUrl(harness.alice)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('allows plain http off loopback only with allowInsecureEndpoints', async () => {
    harness = await startHarness({ client: { issuer: undefined as never, authUri: 'http://as.example/a', accessTokenUri: 'http://as.example/t', allowInsecureEndpoints: true } });
    const url = await harness.client.getUserAuthorizationUrl(harness.alice);
    expect(url.origin).toBe('http://as.example');
  });

  it('refuses discovery metadata whose issuer differs (RFC 8414 §3.3)', async () => {
    harness = await startHarness({ client: (as) => ({ issuer: `${as.issuer}/` }) });
    await expect(harness.client.getUserAuthorizationUrl(harness.alice)).rejects.toMatchObject({ code: 'discovery_failed' });
  });

  it('refuses discovery metadata that points at another local port, and sends it nothing (SECURITY 27)', async () => {
    const target = await startFakeTokenEndpoint();
    const issuer = await startFakeTokenEndpoint();
    try {
      issuer.always((_q, res) => json(res, 200, { issuer: issuer.origin, authorization_endpoint: `${issuer.origin}/authorize`, token_endpoint: `${target.origin}/token` }));
      for (const issuerOriginOnly of [true, false]) {
        harness = await startHarness({ client: { issuer: issuer.origin, issuerOriginOnly } });
        await expect(harness.client.getUserAuthorizationUrl(harness.alice)).rejects.toMatchObject({ code: 'discovery_failed' });
        await harness.close();
        harness = undefined;
      }
      expect(issuer.requests.length).toBeGreaterThan(0);
      expect(target.requests).toHaveLength(0);
    } finally {
      await Promise.all([target.close(), issuer.close()]);
    }
  });

  it('reads the client id from the settings at each use', async () => {
    harness = await startHarness();
    const h = harness;
    await h.host.settings.set('flow-app', 'local-oauth-client-id', 'another-client');
    const url = await h.client.getUserAuthorizationUrl(h.alice);
    expect(url.searchParams.get('client_id')).toBe('another-client');
    await h.host.settings.set('flow-app', 'local-oauth-client-id', '');
    await expect(h.client.getUserAuthorizationUrl(h.alice)).rejects.toThrow(/local-oauth-client-id/);
  });

  it('a client id removed while a flow is pending gives a clear error page, not a crash', async () => {
    harness = await startHarness();
    const h = harness;
    const consent = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account: 'alice' });
    await h.host.settings.set('flow-app', 'local-oauth-client-id', '');
    const page = await getPage(routeTo(h.hosts[0]!, consent.redirectUrl));
    expect(page.status).toBe(500);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('not configured');
    expect(h.as.counters.tokenRequests).toBe(0);
  });

  it('registers the settings the contract names, the secret as a non-public PASSWORD', async () => {
    harness = await startHarness();
    const settings = await harness.host.settings.list('flow-app');
    const secret = settings.find((s) => s.id === 'local-oauth-clientsecret');
    expect(secret).toMatchObject({ type: 'password', public: false });
    expect(settings.find((s) => s.id === 'local-oauth-client-id')).toMatchObject({ type: 'string' });
  });
});
