import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '@plugboard/testing';
import type { LogEntry } from '@plugboard/apps-engine/server';
import { CLIENT_SECRET, getPage, routeTo, startHarness, type Harness } from '../support/harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/**
 * SECURITY 22: every log line, event payload and error message of a whole life cycle (connect,
 * refresh, a failing refresh, revoke, a failing exchange) is searched for every secret seen.
 */
describe('secrets never reach logs, events, errors or pages', () => {
  it('across a whole life cycle', async () => {
    const logs: LogEntry[] = [];
    const seen: string[] = [];
    harness = await startHarness({ host: { logger: (entry) => logs.push(entry) } });
    const h = harness;
    for (const event of ['authorizationCodeReceived', 'authorizationCodeExchanged', 'accessTokenRefreshed', 'accessTokenRevoked', 'reauthorizationRequired', 'error'] as const) {
      h.client.on(event, (payload) => seen.push(JSON.stringify(payload, (_k, v: unknown) => (v instanceof Error ? `${v.name}:${v.message}` : v))));
    }

    const url = await h.client.getUserAuthorizationUrl(h.alice);
    const consent = await completeConsent(url, { account: 'alice' });
    const page = await getPage(routeTo(h.hosts[0]!, consent.redirectUrl));
    seen.push(page.body);
    const first = await h.client.getAccessTokenForUser(h.alice);
    const second = await h.client.refreshUserAccessToken(h.alice);
    // The first refresh token is dead now (rotation): refreshing with it must fail quietly.
    await h.client.revokeUserAccessToken(h.alice);
    const replay = await getPage(routeTo(h.hosts[0]!, consent.redirectUrl));
    seen.push(replay.body);

    // Reconnect, then kill the grant at the server so the next refresh hits invalid_grant.
    await h.connect(h.alice);
    const third = await h.client.getAccessTokenForUser(h.alice);
    await h.as.introspect(third!.token);
    const basic = Buffer.from(`plugboard-test:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
    await fetch(h.as.endpoints.revocation, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: third!.refreshToken! }) });
    const failure = (await h.client.refreshUserAccessToken(h.alice).then(() => undefined, (e: unknown) => e)) as Error | undefined;
    seen.push(`${failure?.message} ${JSON.stringify(failure)}`);

    const secrets = [
      CLIENT_SECRET,
      encodeURIComponent(CLIENT_SECRET),
      consent.code,
      consent.state,
      ...[first, second, third].flatMap((t) => [t?.token, t?.refreshToken, t?.idToken]),
    ].filter((s): s is string => typeof s === 'string' && s.length > 0);
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    const everything = [...logs.map((l) => l.message), ...seen].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
