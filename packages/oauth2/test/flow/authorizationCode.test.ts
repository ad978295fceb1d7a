import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '@plugboard/testing';
import { getPage, routeTo, startHarness, APP_ID, CLIENT_ID, type Harness } from '../support/harness.ts';
import type { IAuthData } from '../../src/index.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function consentFor(h: Harness, userName = 'alice'): Promise<URL> {
  const user = userName === 'alice' ? h.alice : h.bob;
  const url = await h.client.getUserAuthorizationUrl(user);
  return (await completeConsent(url, { account: userName })).redirectUrl;
}

describe('authorization URL (SECURITY 1-5)', () => {
  it('asks for a code with PKCE S256, a fresh 256-bit state, the exact redirect URI and no secret', async () => {
    harness = await startHarness();
    const h = harness;
    const url = await h.client.getUserAuthorizationUrl(h.alice, ['email', 'openid']);
    const params = url.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(CLIENT_ID);
    expect(params.get('redirect_uri')).toBe(`${h.hosts[0]?.url}/api/apps/public/${APP_ID}/local-callback`);
    expect(params.get('scope')).toBe('openid profile email');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const name of new Set(params.keys())) expect(params.getAll(name)).toHaveLength(1);
    expect(url.href).not.toContain('secret');
    const again = await h.client.getUserAuthorizationUrl(h.alice);
    expect(again.searchParams.get('state')).not.toBe(params.get('state'));
    expect(again.searchParams.get('code_challenge')).not.toBe(params.get('code_challenge'));
  });
});

describe('the full flow against a real authorization server', () => {
  it('stores the token for the state\'s user, then runs authorizationCallback, and answers a safe page', async () => {
    let seenInCallback: IAuthData | undefined;
    let storedWhenCalled: IAuthData | undefined;
    harness = await startHarness({
      client: {
        authorizationCallback: async (token, user) => {
          seenInCallback = token;
          storedWhenCalled = await harness?.client.getAccessTokenForUser(user);
        },
      },
    });
    const h = harness;
    const before = Date.now();
    const page = await getPage(routeTo(h.hosts[0]!, await consentFor(h)));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    const token = await h.client.getAccessTokenForUser(h.alice);
    expect(token?.token).toBeTruthy();
    expect(token?.refreshToken).toBeTruthy();
    expect(token?.idToken).toBeTruthy();
    expect(token?.tokenType).toBe('Bearer');
    // SECURITY 17: absolute epoch milliseconds, not the relative expires_in.
    expect(token?.expiresAt).toBeGreaterThanOrEqual(before + 3_590_000);
    expect(token?.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(seenInCallback?.token).toBe(token?.token);
    expect(storedWhenCalled?.token).toBe(token?.token);
    expect(page.body).not.toContain(token?.token);
    expect((await h.as.introspect(token!.token)).active).toBe(true);
    expect(await h.client.getAccessTokenForUser(h.bob)).toBeUndefined();
    const claims = await h.client.getIdTokenClaims(h.alice);
    expect(claims?.sub).toBe('alice');
  });

  it('lets the app replace the success page', async () => {
    harness = await startHarness({ client: { authorizationCallback: () => ({ responseContent: '<p>custom</p>' }) } });
    const page = await harness.connect(harness.alice);
    expect(page).toMatchObject({ status: 200, body: '<p>custom</p>' });
  });

  it('works with client_secret_post and a secret with :%+& in it', async () => {
    harness = await startHarness({ client: { clientAuthMethod: 'client_secret_post' } });
    expect((await harness.connect(harness.alice)).status).toBe(200);
    expect(await harness.client.getAccessTokenForUser(harness.alice)).toBeDefined();
  });
});

describe('the callback refuses, stores nothing and never asks for a token (SECURITY 6-11)', () => {
  async function expectNothingHappened(h: Harness): Promise<void> {
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(h.as.counters.tokenRequests).toBe(0);
  }

  it('a replayed callback: the code is redeemed once', async () => {
    harness = await startHarness();
    const h = harness;
    const callback = routeTo(h.hosts[0]!, await consentFor(h));
    expect((await getPage(callback)).status).toBe(200);
    const replay = await getPage(callback);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain('unknown or was already used');
    expect(h.as.counters.authorizationCodeGrants).toBe(1);
  });

  it('the same callback twice at once: one exchange', async () => {
    harness = await startHarness();
    const h = harness;
    const callback = routeTo(h.hosts[0]!, await consentFor(h));
    const statuses = (await Promise.all([getPage(callback), getPage(callback), getPage(callback)])).map((p) => p.status).sort();
    expect(statuses).toEqual([200, 400, 400]);
    expect(h.as.counters.authorizationCodeGrants).toBe(1);
  });

  it.each([
    ['forged', (q: URLSearchParams) => q.set('state', 'A'.repeat(43)), 400, 'unknown'],
    ['missing', (q: URLSearchParams) => q.delete('state'), 400, 'no state'],
    ['malformed', (q: URLSearchParams) => q.set('state', '%%%<>'), 400, 'malformed'],
    ['too long', (q: URLSearchParams) => q.set('state', 'a'.repeat(5000)), 400, 'malformed'],
    ['duplicated', (q: URLSearchParams) => q.append('state', q.get('state') ?? ''), 400, 'more than once'],
    ['duplicated code', (q: URLSearchParams) => q.append('code', 'x'), 400, 'more than once'],
  ])('%s state', async (_name, mutate, status, text) => {
    harness = await startHarness();
    const h = harness;
    const redirect = await consentFor(h);
    mutate(redirect.searchParams);
    const page = await getPage(routeTo(h.hosts[0]!, redirect));
    expect(page.status).toBe(status);
    expect(page.body).toContain(text);
    expect(page.headers.get('cache-control')).toBe('no-store');
    await expectNothingHappened(h);
  });

  it('an expired state', async () => {
    harness = await startHarness({ client: { stateTtlSeconds: 1 } });
    const h = harness;
    const redirect = await consentFor(h);
    await new Promise((r) => setTimeout(r, 1_100));
    const page = await getPage(routeTo(h.hosts[0]!, redirect));
    expect(page.status).toBe(400);
    await expectNothingHappened(h);
  });

  it('a mismatched iss (RFC 9207)', async () => {
    harness = await startHarness();
    const h = harness;
    const redirect = await consentFor(h);
    expect(redirect.searchParams.get('iss')).toBe(h.as.issuer);
    redirect.searchParams.set('iss', 'https://evil.example');
    const page = await getPage(routeTo(h.hosts[0]!, redirect));
    expect(page.status).toBe(400);
    expect(page.body).toContain('unexpected issuer');
    await expectNothingHappened(h);
  });

  it('a missing iss when the server advertises it (RFC 9207 §2.4)', async () => {
    harness = await startHarness();
    const h = harness;
    const redirect = await consentFor(h);
    redirect.searchParams.delete('iss');
    expect((await getPage(routeTo(h.hosts[0]!, redirect))).status).toBe(400);
    await expectNothingHappened(h);
  });

  it('a denial: authorizationCallback hears undefined, the error is shown escaped', async () => {
    const calls: Array<IAuthData | undefined> = [];
    harness = await startHarness({ client: { authorizationCallback: (token) => void calls.push(token) } });
    const h = harness;
    const url = await h.client.getUserAuthorizationUrl(h.alice);
    const denied = await completeConsent(url, { account: 'alice', deny: true });
    expect(denied.error).toBe('access_denied');
    denied.redirectUrl.searchParams.set('error_description', '<script>alert(1)</script>');
    const page = await getPage(routeTo(h.hosts[0]!, denied.redirectUrl));
    expect(page.status).toBe(403);
    expect(page.body).toContain('access_denied');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('script');
    expect(calls).toEqual([undefined]);
    await expectNothingHappened(h);
  });

  it('a provider error shows only a known code, never the free text around it (SECURITY 28)', async () => {
    harness = await startHarness();
    const h = harness;
    const denied = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account: 'alice', deny: true });
    denied.redirectUrl.searchParams.set('error', 'Your account is locked. Call +1 555 0100');
    denied.redirectUrl.searchParams.set('error_description', 'Sign in again at evil.example');
    const page = await getPage(routeTo(h.hosts[0]!, denied.redirectUrl));
    expect(page.status).toBe(400);
    expect(page.body).toContain('unknown error');
    for (const text of ['555', 'locked', 'evil.example', 'Sign in again']) expect(page.body).not.toContain(text);
    await expectNothingHappened(h);
  });
});
