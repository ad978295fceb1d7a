import { afterEach, describe, expect, it } from 'vitest';
import { expireForDevelopment, useDevelopmentAuthorizationServer } from '../../src/index.ts';
import { google } from '../../src/providers/index.ts';
import { CLIENT_ID, startHarness, type Harness } from '../support/harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('useDevelopmentAuthorizationServer (what plugboard dev does without real credentials)', () => {
  it('turns a google() client into a plain client of the local server: its links, exchange and token all go there', async () => {
    harness = await startHarness({ client: { provider: google() } });
    const before = await harness.client.getUserAuthorizationUrl(harness.alice);
    expect(before.hostname).toBe('accounts.google.com');

    expect(useDevelopmentAuthorizationServer(harness.client, harness.as.issuer)).toBe(true);
    const after = await harness.client.getUserAuthorizationUrl(harness.alice);
    expect(after.origin + after.pathname).toBe(harness.as.endpoints.authorization);
    expect(after.searchParams.get('client_id')).toBe(CLIENT_ID);
    // Google's own parameters are Google's: not sent to another server.
    expect(after.searchParams.has('access_type')).toBe(false);

    expect((await harness.connect(harness.alice)).status).toBe(200);
    const token = await harness.client.getAccessTokenForUser(harness.alice);
    expect((await harness.as.introspect(token!.token)).active).toBe(true);
  });

  it.each([
    ['no scopes (ClickUp needs none)', [], 'openid'],
    ["only its provider's scopes (Figma's file_read)", ['file_read'], 'openid file_read'],
  ])('a client that asks for %s also asks the local server for openid, which grants it', async (_name, defaultScopes, sent) => {
    harness = await startHarness({ client: { defaultScopes, authUri: 'https://provider.example/authorize', accessTokenUri: 'https://provider.example/token' } });
    expect((await harness.client.getUserAuthorizationUrl(harness.alice)).searchParams.get('scope') ?? '').toBe(defaultScopes.join(' '));
    expect(useDevelopmentAuthorizationServer(harness.client, harness.as.issuer)).toBe(true);
    expect((await harness.client.getUserAuthorizationUrl(harness.alice)).searchParams.get('scope')).toBe(sent);
    expect((await harness.connect(harness.alice)).status).toBe(200);
  });

  it('leaves a client alone when the app gave it credentials of its own, and refuses what is not a client', async () => {
    harness = await startHarness({ client: { provider: google(), clientId: 'apps-own-id', clientSecret: 'apps-own-secret' } });
    expect(useDevelopmentAuthorizationServer(harness.client, harness.as.issuer)).toBe(false);
    expect((await harness.client.getUserAuthorizationUrl(harness.alice)).hostname).toBe('accounts.google.com');
    for (const notAClient of [undefined, null, {}, 'client']) {
      expect(useDevelopmentAuthorizationServer(notAClient, harness.as.issuer)).toBe(false);
    }
  });
});

describe('expireForDevelopment (the dev console\'s "expire now")', () => {
  it('marks the stored token expired, so the next read refreshes it; nothing else changes', async () => {
    harness = await startHarness();
    expect(await expireForDevelopment(harness.client, harness.alice.id)).toBe(false);
    expect((await harness.connect(harness.alice)).status).toBe(200);
    const before = (await harness.client.getAccessTokenForUser(harness.alice))!;
    const refreshed: unknown[] = [];
    harness.client.on('accessTokenRefreshed', (event) => refreshed.push(event));

    expect(await expireForDevelopment(harness.client, harness.alice.id)).toBe(true);
    const after = (await harness.client.getAccessTokenForUser(harness.alice))!;
    expect(refreshed).toHaveLength(1);
    expect(after.token).not.toBe(before.token);
    expect(after.scope).toBe(before.scope);
    expect(after.expiresAt).toBeGreaterThan(Date.now());
    for (const notAClient of [undefined, {}, 'client']) expect(await expireForDevelopment(notAClient, harness.alice.id)).toBe(false);
  });
});
