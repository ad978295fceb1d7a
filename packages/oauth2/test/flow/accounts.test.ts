import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '@plugboard/testing';
import { AssociationModel, AssociationRecord } from '@plugboard/apps-engine';
import { APP_ID, getPage, routeTo, startHarness, type Harness } from '../support/harness.ts';
import { ConfigurationError, type IAuthorizationOptions, type OAuth2ClientEvents } from '../../src/index.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type User = Harness['alice'];

/** `user` authorizes through the real callback, signing in at the provider as `account`. */
async function authorize(h: Harness, user: User, account: string, options?: IAuthorizationOptions, scopes: string[] = [], via = 0): Promise<{ status: number; body: string }> {
  const url = await h.hosts[via]!.client.getUserAuthorizationUrl(user, scopes, options);
  const consent = await completeConsent(url, { account });
  return getPage(routeTo(h.hosts[via]!, consent.redirectUrl));
}

async function subjectOf(h: Harness, token: string | undefined): Promise<unknown> {
  return (await h.as.introspect(token ?? '')).sub;
}

describe('several accounts per user and alias', () => {
  it('keeps the default account exactly as before, and adds others next to it under their ID token sub', async () => {
    harness = await startHarness();
    const h = harness;
    await h.connect(h.alice);
    expect(await h.client.listAccountsForUser(h.alice)).toEqual([{ scope: 'openid profile', expiresAt: expect.any(Number), updatedAt: expect.any(Number), hasRefreshToken: true }]);

    expect((await authorize(h, h.alice, 'bob', { addAccount: true })).status).toBe(200);
    const accounts = await h.client.listAccountsForUser(h.alice);
    expect(accounts.map((a) => a.accountKey)).toEqual([undefined, 'bob']);
    expect(await subjectOf(h, (await h.client.getAccessTokenForUser(h.alice))?.token)).toBe('alice');
    expect(await subjectOf(h, (await h.client.getAccessTokenForUser(h.alice, { account: 'bob' }))?.token)).toBe('bob');
    expect(await h.client.getAccessTokenForUser(h.alice, { account: 'carol' })).toBeUndefined();
    expect(await h.client.listAccountsForUser(h.bob)).toEqual([]);

    // The default record still carries exactly the associations Rocket.Chat apps query.
    const reader = h.host.accessors(APP_ID).read.getPersistenceReader();
    const user = new AssociationRecord(AssociationModel.USER, h.alice.id);
    expect(await reader.readByAssociations([user, new AssociationRecord(AssociationModel.MISC, 'local-oauth-connection')])).toHaveLength(1);
  });

  it('reads a default record written before accounts existed', async () => {
    harness = await startHarness();
    const h = harness;
    const persistence = h.host.accessors(APP_ID).persistence;
    const associations = [new AssociationRecord(AssociationModel.USER, h.alice.id), new AssociationRecord(AssociationModel.MISC, 'local-oauth-connection')];
    await persistence.updateByAssociations(associations, { userId: h.alice.id, alias: 'local', grantId: 'g1', updatedAt: 1, token: 'old-token', expiresAt: 0, scope: 'openid' }, true);
    expect(await h.client.getAccessTokenForUser(h.alice)).toEqual({ token: 'old-token', expiresAt: 0, scope: 'openid' });
    expect(await h.client.listAccountsForUser(h.alice)).toEqual([{ scope: 'openid', expiresAt: 0, updatedAt: 1, hasRefreshToken: false }]);
    expect(await h.client.hasScopes(h.alice, ['openid'])).toBe(true);
  });

  it('refreshes, extends and revokes one account without touching the others; events name the account', async () => {
    harness = await startHarness();
    const h = harness;
    const events: Array<Partial<OAuth2ClientEvents['accessTokenRefreshed']>> = [];
    h.client.on('accessTokenRefreshed', (event) => events.push(event));
    h.client.on('accessTokenRevoked', (event) => events.push(event));
    await h.connect(h.alice);
    await authorize(h, h.alice, 'bob', { addAccount: true });
    const defaultToken = (await h.client.getAccessTokenForUser(h.alice))?.token;

    const refreshed = await h.client.refreshUserAccessToken(h.alice, undefined, { account: 'bob' });
    expect(await subjectOf(h, refreshed?.token)).toBe('bob');
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(defaultToken);

    // Incremental authorization of one account: its own scopes plus the new one.
    const url = await h.client.getUserAuthorizationUrl(h.alice, ['email'], { account: 'bob' });
    expect(url.searchParams.get('scope')).toBe('openid profile email');
    expect((await getPage(routeTo(h.hosts[0]!, (await completeConsent(url, { account: 'bob' })).redirectUrl))).status).toBe(200);
    expect(await h.client.hasScopes(h.alice, ['email'], { account: 'bob' })).toBe(true);
    expect(await h.client.hasScopes(h.alice, ['email'])).toBe(false);

    expect(await h.client.revokeUserAccessToken(h.alice, undefined, { account: 'bob' })).toBe(true);
    expect((await h.client.listAccountsForUser(h.alice)).map((a) => a.accountKey)).toEqual([undefined]);
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(defaultToken);
    expect(events).toEqual([
      expect.objectContaining({ userId: h.alice.id, accountKey: 'bob', rotated: true }),
      expect.objectContaining({ userId: h.alice.id, accountKey: 'bob', providerNotified: true }),
    ]);
  });

  it('refuses a token of another account than the one named, and stores nothing', async () => {
    harness = await startHarness({ host: { logger: () => undefined } });
    const h = harness;
    await authorize(h, h.alice, 'bob', { addAccount: true });
    const before = await h.client.getAccessTokenForUser(h.alice, { account: 'bob' });
    const page = await authorize(h, h.alice, 'alice', { account: 'bob' });
    expect(page.status).toBe(403);
    expect(page.body).toContain('another account');
    expect(await h.client.getAccessTokenForUser(h.alice, { account: 'bob' })).toEqual(before);
    expect((await h.client.listAccountsForUser(h.alice)).map((a) => a.accountKey)).toEqual(['bob']);
  });

  it("uses the app's accountKey (e.g. a workspace id from the provider's API) and hands it to authorizationCallback", async () => {
    const seen: Array<string | undefined> = [];
    harness = await startHarness({
      client: (as) => ({
        accountKey: async (token, _user, http) => {
          const me = await http.get(as.endpoints.userinfo, { headers: { Authorization: `Bearer ${token.token}` } });
          return `workspace-${String((me.data as { sub: string }).sub)}`;
        },
        authorizationCallback: (_token, _user, _read, _modify, _http, _persis, info) => void seen.push(info?.accountKey),
      }),
    });
    const h = harness;
    await authorize(h, h.alice, 'bob', { addAccount: true });
    await h.connect(h.alice);
    expect((await h.client.listAccountsForUser(h.alice)).map((a) => a.accountKey)).toEqual([undefined, 'workspace-bob']);
    expect(seen).toEqual(['workspace-bob', undefined]);
  });

  it('without openid or an accountKey option an added account cannot be named: nothing is stored, waiters hear of it', async () => {
    harness = await startHarness({ client: { defaultScopes: ['profile'] }, host: { logger: () => undefined } });
    const h = harness;
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 10_000 });
    const page = await authorize(h, h.alice, 'alice', { addAccount: true });
    expect(page.status).toBe(500);
    expect(await waiting).toEqual({ timedOut: false, failure: 'failed' });
    expect(await h.client.listAccountsForUser(h.alice)).toEqual([]);
  });

  it('waitForAccessToken hears an added account finishing on another host, or waits for the one named', async () => {
    const shared = new Keyv();
    harness = await startHarness({ stores: [shared, shared], siteUrl: 'http://chat.test' });
    const h = harness;
    const anyAccount = h.hosts[0]!.client.waitForAccessToken(h.alice, { timeoutMs: 10_000 });
    const named = h.hosts[0]!.client.waitForAccessToken(h.alice, { timeoutMs: 10_000, account: 'bob' });
    const url = await h.hosts[0]!.client.getUserAuthorizationUrl(h.alice, [], { addAccount: true });
    const consent = await completeConsent(url, { account: 'bob' });
    expect((await getPage(routeTo(h.hosts[1]!, consent.redirectUrl))).status).toBe(200);
    const [any, one] = await Promise.all([anyAccount, named]);
    expect(any).toMatchObject({ timedOut: false, accountKey: 'bob' });
    expect(one).toMatchObject({ timedOut: false, accountKey: 'bob' });
    expect(await subjectOf(h, any.result?.token)).toBe('bob');
  });

  it('refuses malformed account options', async () => {
    harness = await startHarness();
    const h = harness;
    await expect(h.client.getAccessTokenForUser(h.alice, { account: 'has space' })).rejects.toThrow(ConfigurationError);
    await expect(h.client.getUserAuthorizationUrl(h.alice, [], { account: 'a', addAccount: true })).rejects.toThrow(ConfigurationError);
    await expect(h.client.getUserAuthorizationUrl(h.alice, [], { account: '' })).rejects.toThrow(ConfigurationError);
  });

  it("seals each account's record with its own context: a ciphertext moved to another account does not open", async () => {
    const raw = new Map<string, unknown>();
    harness = await startHarness({ stores: [new Keyv({ store: raw })], client: { encryptionKey: new Uint8Array(32).fill(3) } });
    const h = harness;
    await authorize(h, h.alice, 'bob', { addAccount: true });
    const bob = await h.client.getAccessTokenForUser(h.alice, { account: 'bob' });
    expect(JSON.stringify([...raw.entries()])).not.toContain(bob!.token);
    const persistence = h.host.accessors(APP_ID).persistence;
    const reader = h.host.accessors(APP_ID).read.getPersistenceReader();
    const user = new AssociationRecord(AssociationModel.USER, h.alice.id);
    const [record] = (await reader.readByAssociations([user, new AssociationRecord(AssociationModel.MISC, 'local-oauth-account:bob')])) as Array<Record<string, unknown>>;
    const moved = [user, new AssociationRecord(AssociationModel.MISC, 'local-oauth-accounts'), new AssociationRecord(AssociationModel.MISC, 'local-oauth-account:carol')];
    await persistence.updateByAssociations(moved, { ...record, accountKey: 'carol' }, true);
    await expect(h.client.getAccessTokenForUser(h.alice, { account: 'carol' })).rejects.toMatchObject({ code: 'store_error' });
  });
});
