import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AssociationModel, AssociationRecord } from '@plugboard/apps-engine';
import { bindingCodeFrom, completeConsent, type AuthorizationServerOptions } from '@plugboard/testing';
import { APP_ID, getPage, routeTo, startHarness, type Harness } from '../../packages/oauth2/test/support/harness.ts';
import { redisKeyv, redisOrSkip } from '../support/redis.ts';

/** Two hosts behind one public URL, sharing one Redis: one deployment (CONTRACT, "The host"). */
const SITE = 'http://chat.test';

let redis = false;
beforeAll(async () => {
  redis = await redisOrSkip();
});

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function twoHosts(server: AuthorizationServerOptions = {}, client: { bindingConfirmation?: boolean; stateTtlSeconds?: number } = {}): Promise<Harness> {
  const namespace = `pbtest-${Math.random().toString(36).slice(2)}`;
  harness = await startHarness({ stores: [redisKeyv(namespace), redisKeyv(namespace)], siteUrl: SITE, server, client });
  return harness;
}

describe('two hosts on one Redis', () => {
  it('a flow started on one host finishes on the other', async ({ skip }) => {
    if (!redis) skip();
    const h = await twoHosts();
    const page = await h.connect(h.alice, { via: 0, finishVia: 1 });
    expect(page.status).toBe(200);
    expect((await h.hosts[0]!.client.getAccessTokenForUser(h.alice))?.token).toBeTruthy();
    expect((await h.hosts[1]!.client.getAccessTokenForUser(h.alice))?.token).toBe((await h.hosts[0]!.client.getAccessTokenForUser(h.alice))?.token);
  });

  it('the same callback sent to both hosts at once is exchanged once (SECURITY 7)', async ({ skip }) => {
    if (!redis) skip();
    const h = await twoHosts();
    for (let round = 0; round < 5; round++) {
      h.as.resetCounters();
      const consent = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account: 'alice' });
      const pages = await Promise.all([getPage(routeTo(h.hosts[0]!, consent.redirectUrl)), getPage(routeTo(h.hosts[1]!, consent.redirectUrl))]);
      expect(pages.map((p) => p.status).sort()).toEqual([200, 400]);
      expect(h.as.counters.authorizationCodeGrants).toBe(1);
    }
  });

  it('waitForAccessToken on one host resolves when the callback lands on the other', async ({ skip }) => {
    if (!redis) skip();
    const h = await twoHosts();
    const waiting = h.hosts[0]!.client.waitForAccessToken(h.alice, { timeoutMs: 15_000 });
    await h.connect(h.alice, { via: 0, finishVia: 1 });
    const outcome = await waiting;
    expect(outcome.timedOut).toBe(false);
    expect(outcome.result?.token).toBeTruthy();
  });

  it('binding confirmation across hosts: held on one, a wrong code counted on the other, confirmed on the first; the waiter on the second resolves', async ({ skip }) => {
    if (!redis) skip();
    const h = await twoHosts({}, { bindingConfirmation: true });
    const [first, second] = [h.hosts[0]!, h.hosts[1]!];
    const waiting = second.client.waitForAccessToken(h.alice, { timeoutMs: 15_000 });
    const consent = await completeConsent(await first.client.getUserAuthorizationUrl(h.alice), { account: 'alice' });
    const page = await getPage(routeTo(first, consent.redirectUrl));
    const code = bindingCodeFrom(page.body)!;
    expect(await second.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    // Attempts are counted in the shared store: four left after one wrong try on the other host.
    expect(await second.client.confirmBinding(h.alice, 'AAAA-AAAA')).toEqual({ status: 'wrong_code', attemptsLeft: 4 });
    expect(await first.client.confirmBinding(h.alice, 'BBBB-BBBB')).toEqual({ status: 'wrong_code', attemptsLeft: 3 });
    expect(await first.client.confirmBinding(h.alice, code)).toEqual({ status: 'confirmed' });
    expect(await second.client.confirmBinding(h.alice, code)).toEqual({ status: 'none' });
    const outcome = await waiting;
    expect(outcome.result?.token).toBe((await second.client.getAccessTokenForUser(h.alice))?.token);
  });

  it('no scheduler on a shared Redis store: the holding host\'s timer revokes an unconfirmed binding at expiry', async ({ skip }) => {
    if (!redis) skip();
    // Hosts given a Keyv on Redis and no `scheduler.redis` run no jobs, so the expiry job cannot be
    // scheduled: the fallback is a timer on the host that held the binding.
    const h = await twoHosts({}, { bindingConfirmation: true, stateTtlSeconds: 3 });
    const first = h.hosts[0]!;
    const ended: string[] = [];
    first.client.on('bindingEnded', (event) => ended.push(`${event.userId}:${event.outcome}`));
    const consent = await completeConsent(await first.client.getUserAuthorizationUrl(h.alice), { account: 'bob' });
    const page = await getPage(routeTo(first, consent.redirectUrl));
    const code = bindingCodeFrom(page.body)!;
    expect(code).toBeTruthy();
    const token = (await first.host.accessors(APP_ID).read.getPersistenceReader().readByAssociation(new AssociationRecord(AssociationModel.MISC, 'local-oauth-binding')))
      .map((record) => (record as { auth?: { token: string } }).auth?.token)
      .find((value) => value !== undefined)!;
    expect((await h.as.introspect(token)).active).toBe(true);
    await vi.waitFor(() => expect(ended).toEqual(['u-alice:expired']), { timeout: 20_000, interval: 50 });
    expect((await h.as.introspect(token)).active).toBe(false);
    expect(await h.hosts[1]!.client.confirmBinding(h.alice, code)).toEqual({ status: 'none' });
  });

  it('a denial on one host ends the wait on the other', async ({ skip }) => {
    if (!redis) skip();
    const h = await twoHosts();
    const waiting = h.hosts[0]!.client.waitForAccessToken(h.alice, { timeoutMs: 15_000 });
    const denied = await completeConsent(await h.hosts[0]!.client.getUserAuthorizationUrl(h.alice), { account: 'alice', deny: true });
    expect((await getPage(routeTo(h.hosts[1]!, denied.redirectUrl))).status).toBe(403);
    expect(await waiting).toEqual({ timedOut: false, failure: 'denied' });
  });

  it('120 concurrent readers over two hosts of an expiring, rotating token make exactly one refresh', async ({ skip }) => {
    if (!redis) skip();
    const h = await twoHosts({ accessTokenTtlSeconds: 30, rotateRefreshTokens: true });
    await h.connect(h.alice);
    h.as.resetCounters();
    const readers = Array.from({ length: 120 }, (_, i) => h.hosts[i % 2]!.client.getAccessTokenForUser(h.alice));
    const results = await Promise.all(readers);
    expect(h.as.counters.refreshGrants).toBe(1);
    expect(new Set(results.map((r) => r?.token)).size).toBe(1);
    // The grant is alive: a later refresh still works (a duplicate refresh would have killed it).
    const later = await h.hosts[1]!.client.refreshUserAccessToken(h.alice);
    expect(later?.token).not.toBe(results[0]?.token);
    expect(h.as.counters.successfulRefreshGrants).toBe(2);
    expect((await h.as.introspect(later!.token)).active).toBe(true);
  });

  it('200 users completing flows concurrently through two hosts end with 200 working tokens', async ({ skip }) => {
    if (!redis) skip();
    const h = await twoHosts();
    const users = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      const user = { id: `load-${i}`, username: `load-user-${i}` };
      await h.hosts[1]!.host.users.add(user);
      return h.hosts[0]!.host.users.add(user);
    }));
    const pages = [];
    for (let i = 0; i < users.length; i += 25) {
      pages.push(...(await Promise.all(users.slice(i, i + 25).map((user, j) => h.connect(user, { via: j % 2, finishVia: (j + 1) % 2, account: (i + j) % 2 ? 'alice' : 'bob' })))));
    }
    expect(pages.filter((p) => p.status === 200)).toHaveLength(200);
    const tokens = await Promise.all(users.map((u, i) => h.hosts[i % 2]!.client.getAccessTokenForUser(u)));
    const active = await Promise.all(tokens.map((t) => h.as.introspect(t!.token)));
    expect(active.filter((a) => a.active)).toHaveLength(200);
  }, 120_000);
});
