import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '@plugboard/testing';
import { getPage, routeTo, startHarness, type Harness } from '../support/harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Authorizes `user` for `scopes` as provider account `account`, through the real callback. */
async function authorize(h: Harness, user: Harness['alice'], scopes: string[], account = user.username): Promise<number> {
  const url = await h.client.getUserAuthorizationUrl(user, scopes);
  const consent = await completeConsent(url, { account });
  return (await getPage(routeTo(h.hosts[0]!, consent.redirectUrl))).status;
}

describe('incremental authorization and hasScopes', () => {
  it('a connected user is asked for the union; the new grant covers both and waiters hear of it', async () => {
    harness = await startHarness();
    const h = harness;
    expect(await h.client.hasScopes(h.alice, [])).toBe(false);
    await h.connect(h.alice);
    expect(await h.client.hasScopes(h.alice, ['openid', 'profile'])).toBe(true);
    expect(await h.client.hasScopes(h.alice, ['email'])).toBe(false);

    const url = await h.client.getUserAuthorizationUrl(h.alice, ['email']);
    expect(url.searchParams.get('scope')).toBe('openid profile email');
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 10_000 });
    const consent = await completeConsent(url, { account: 'alice' });
    expect((await getPage(routeTo(h.hosts[0]!, consent.redirectUrl))).status).toBe(200);
    expect((await waiting).result?.scope).toBe('openid profile email');
    expect(await h.client.hasScopes(h.alice, ['email', 'profile'])).toBe(true);
    expect(await h.client.hasScopes(h.alice, ['write'])).toBe(false);
    // Bob's grant is his own: alice's scopes do not leak into his URL.
    expect((await h.client.getUserAuthorizationUrl(h.bob)).searchParams.get('scope')).toBe('openid profile');
  });

  it('keeps the stored refresh token when the same account comes back without one (Google-style)', async () => {
    harness = await startHarness({ server: { issueRefreshTokens: 'first-consent' } });
    const h = harness;
    await h.connect(h.alice);
    const first = await h.client.getAccessTokenForUser(h.alice);
    expect(first?.refreshToken).toBeTruthy();
    expect(await authorize(h, h.alice, ['email'])).toBe(200);
    const merged = await h.client.getAccessTokenForUser(h.alice);
    expect(merged?.token).not.toBe(first?.token);
    expect(merged?.scope).toBe('openid profile email');
    expect(merged?.refreshToken).toBe(first?.refreshToken);
    // The kept refresh token is live and belongs to alice. What a refresh grants is the server's
    // call (oidc-provider: the refresh token's own scopes), and hasScopes follows the answer.
    const refreshed = await h.client.refreshUserAccessToken(h.alice);
    expect((await h.as.introspect(refreshed!.token))).toMatchObject({ active: true, sub: 'alice' });
    expect(await h.client.hasScopes(h.alice, ['email'])).toBe(refreshed!.scope.split(' ').includes('email'));
  });

  it('never keeps one account\'s refresh token under another account\'s token', async () => {
    harness = await startHarness({ server: { issueRefreshTokens: 'first-consent' } });
    const h = harness;
    await h.connect(h.bob, { account: 'bob' }); // bob's first consent: he gets his refresh token
    await h.connect(h.alice);
    expect((await h.client.getAccessTokenForUser(h.alice))?.refreshToken).toBeTruthy();
    // Alice's chat user now signs in as bob, who already consented: no refresh token comes.
    expect(await authorize(h, h.alice, [], 'bob')).toBe(200);
    const stored = await h.client.getAccessTokenForUser(h.alice);
    expect((await h.as.introspect(stored!.token)).sub).toBe('bob');
    expect(stored?.refreshToken).toBeUndefined();
  });
});
