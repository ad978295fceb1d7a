import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '@plugboard/testing';
import { getPage, routeTo, startHarness, type Harness } from '../support/harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('waitForAccessToken', () => {
  it('resolves with the token once the user completes the flow', async () => {
    harness = await startHarness();
    const h = harness;
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 10_000 });
    await h.connect(h.alice);
    const outcome = await waiting;
    expect(outcome.timedOut).toBe(false);
    expect(outcome.result?.token).toBe((await h.client.getAccessTokenForUser(h.alice))?.token);
  });

  it('ignores other users and a token the user already had', async () => {
    harness = await startHarness();
    const h = harness;
    await h.connect(h.alice);
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 800 });
    await h.connect(h.bob);
    expect(await waiting).toEqual({ timedOut: true });
  });

  it('ends at once with failure "denied" when the user refuses', async () => {
    harness = await startHarness();
    const h = harness;
    const failures: string[] = [];
    h.client.on('authorizationFailed', (e) => failures.push(e.failure));
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
    const denied = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account: 'alice', deny: true });
    await getPage(routeTo(h.hosts[0]!, denied.redirectUrl));
    const started = Date.now();
    expect(await waiting).toEqual({ timedOut: false, failure: 'denied' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failures).toEqual(['denied']);
  });

  it('times out, and stops when aborted', async () => {
    harness = await startHarness();
    const h = harness;
    expect(await h.client.waitForAccessToken(h.alice, { timeoutMs: 50 })).toEqual({ timedOut: true });
    const controller = new AbortController();
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 10_000, signal: controller.signal });
    controller.abort(new Error('user left'));
    await expect(waiting).rejects.toThrow('user left');
  });
});

describe('events carry userId and alias, never a token', () => {
  it('for every step of the life cycle', async () => {
    harness = await startHarness();
    const h = harness;
    const log: string[] = [];
    for (const name of ['authorizationCodeReceived', 'authorizationCodeExchanged', 'accessTokenRefreshed', 'accessTokenRevoked', 'reauthorizationRequired', 'error'] as const) {
      h.client.on(name, (payload) => {
        expect(payload.userId).toBe('u-alice');
        expect(payload.alias).toBe('local');
        log.push(name);
      });
    }
    await h.connect(h.alice);
    await h.client.refreshUserAccessToken(h.alice);
    await h.client.revokeUserAccessToken(h.alice);
    expect(log).toEqual(['authorizationCodeReceived', 'authorizationCodeExchanged', 'accessTokenRefreshed', 'accessTokenRevoked']);
  });

  it('a throwing listener does not break the flow, and off() detaches', async () => {
    harness = await startHarness();
    const h = harness;
    let calls = 0;
    const listener = (): void => {
      calls++;
      throw new Error('listener bug');
    };
    h.client.on('authorizationCodeExchanged', listener);
    expect((await h.connect(h.alice)).status).toBe(200);
    h.client.off('authorizationCodeExchanged', listener);
    await h.connect(h.alice);
    expect(calls).toBe(1);
  });
});
