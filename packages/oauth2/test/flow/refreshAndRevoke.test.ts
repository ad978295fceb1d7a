import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { revokeAtProvider } from '../support/provider.ts';
import { ReauthorizationRequiredError } from '../../src/index.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('refresh against the real server (SECURITY 17-20)', () => {
  it('rotates twice in a row; each old refresh token dies', async () => {
    harness = await startHarness({ server: { rotateRefreshTokens: true } });
    const h = harness;
    await h.connect(h.alice);
    const first = await h.client.getAccessTokenForUser(h.alice);
    const second = await h.client.refreshUserAccessToken(h.alice);
    const third = await h.client.refreshUserAccessToken(h.alice);
    expect(h.as.counters.refreshGrants).toBe(2);
    expect(new Set([first?.refreshToken, second?.refreshToken, third?.refreshToken]).size).toBe(3);
    expect(new Set([first?.token, second?.token, third?.token]).size).toBe(3);
    expect((await h.as.introspect(first!.refreshToken!)).active).toBe(false);
    expect((await h.as.introspect(third!.refreshToken!)).active).toBe(true);
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBe(third?.token);
    expect(third?.idToken).toBeTruthy();
  });

  it('keeps the refresh token when the server does not rotate', async () => {
    harness = await startHarness({ server: { rotateRefreshTokens: false } });
    const h = harness;
    await h.connect(h.alice);
    const first = await h.client.getAccessTokenForUser(h.alice);
    const second = await h.client.refreshUserAccessToken(h.alice);
    expect(second?.refreshToken).toBe(first?.refreshToken);
    expect(second?.token).not.toBe(first?.token);
  });

  it('25 concurrent readers of an expiring token make exactly one refresh and share its result', async () => {
    // Tokens live 30 s and the window is 60 s: every read finds the token due.
    harness = await startHarness({ server: { accessTokenTtlSeconds: 30 } });
    const h = harness;
    await h.connect(h.alice);
    const before = await h.client.refreshUserAccessToken(h.alice);
    h.as.resetCounters();
    const results = await Promise.all(Array.from({ length: 25 }, () => h.client.getAccessTokenForUser(h.alice)));
    expect(h.as.counters.refreshGrants).toBe(1);
    expect(new Set(results.map((r) => r?.token)).size).toBe(1);
    expect(results[0]?.token).not.toBe(before?.token);
  });

  it('does not refresh a token outside the window', async () => {
    harness = await startHarness();
    const h = harness;
    await h.connect(h.alice);
    await Promise.all(Array.from({ length: 5 }, () => h.client.getAccessTokenForUser(h.alice)));
    expect(h.as.counters.refreshGrants).toBe(0);
  });

  it('invalid_grant deletes the token and says the user must authorize again', async () => {
    harness = await startHarness();
    const h = harness;
    await h.connect(h.alice);
    const stored = await h.client.getAccessTokenForUser(h.alice);
    const events: string[] = [];
    h.client.on('reauthorizationRequired', (e) => events.push(`${e.userId}:${e.error}`));
    // Revoke the grant behind the client's back, as a user would in the provider's settings.
    await revokeAtProvider(h.as, stored!.refreshToken!);
    const error = await h.client.refreshUserAccessToken(h.alice).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect((error as ReauthorizationRequiredError).code).toBe('reauthorization_required');
    expect(String((error as Error).message)).not.toContain(stored!.refreshToken!);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(events).toEqual(['u-alice:invalid_grant']);
  });
});

describe('revocation (SECURITY 21)', () => {
  it('revokes the refresh and the access token at the server, then deletes locally', async () => {
    harness = await startHarness();
    const h = harness;
    await h.connect(h.alice);
    const stored = await h.client.getAccessTokenForUser(h.alice);
    const events: boolean[] = [];
    h.client.on('accessTokenRevoked', (e) => events.push(e.providerNotified));
    expect(await h.client.revokeUserAccessToken(h.alice)).toBe(true);
    expect(h.as.counters.revocations).toBe(2);
    expect((await h.as.introspect(stored!.token)).active).toBe(false);
    expect((await h.as.introspect(stored!.refreshToken!)).active).toBe(false);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(events).toEqual([true]);
    expect(await h.client.revokeUserAccessToken(h.alice)).toBe(false);
  });
});
