import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, CLIENT_ID, CLIENT_SECRET, startHarness, type Harness } from '../support/harness.ts';
import { ProviderError } from '../../src/index.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('getAppAccessToken: the client credentials grant against a real authorization server', () => {
  it('returns an active token issued to the client itself, for the scopes asked', async () => {
    harness = await startHarness();
    const h = harness;
    const auth = await h.client.getAppAccessToken(['read']);
    expect(auth.scope).toBe('read');
    expect(auth.tokenType).toBe('Bearer');
    expect(auth.refreshToken).toBeUndefined();
    expect(auth.expiresAt).toBeGreaterThan(Date.now());
    const introspection = await h.as.introspect(auth.token);
    expect(introspection).toMatchObject({ active: true, client_id: CLIENT_ID, scope: 'read' });
    expect(introspection.sub).toBeUndefined();
  });

  it('is cached per scope set (in any order) and fetched by one request for many concurrent callers', async () => {
    harness = await startHarness();
    const h = harness;
    const burst = await Promise.all(Array.from({ length: 25 }, () => h.client.getAppAccessToken(['read', 'write'])));
    expect(new Set(burst.map((a) => a.token)).size).toBe(1);
    expect((await h.client.getAppAccessToken(['write', 'read'])).token).toBe(burst[0]?.token);
    expect(h.as.counters.clientCredentialsGrants).toBe(1);
    const other = await h.client.getAppAccessToken(['read']);
    expect(other.token).not.toBe(burst[0]?.token);
    expect(h.as.counters.clientCredentialsGrants).toBe(2);
  });

  it('asks again once the token is inside the refresh window (half its life for short tokens)', async () => {
    harness = await startHarness({ server: { accessTokenTtlSeconds: 2 } });
    const h = harness;
    const first = await h.client.getAppAccessToken(['read']);
    expect((await h.client.getAppAccessToken(['read'])).token).toBe(first.token);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const second = await h.client.getAppAccessToken(['read']);
    expect(second.token).not.toBe(first.token);
    expect(h.as.counters.clientCredentialsGrants).toBe(2);
  });

  it.each(['client_secret_basic', 'client_secret_post'] as const)('authenticates with %s', async (clientAuthMethod) => {
    harness = await startHarness({ client: { clientAuthMethod } });
    expect((await harness.client.getAppAccessToken()).token).toBeTruthy();
    expect(harness.as.counters.successfulClientCredentialsGrants).toBe(1);
  });

  it('throws a typed error when the provider refuses, and caches nothing', async () => {
    harness = await startHarness();
    const h = harness;
    await h.host.settings.set(APP_ID, 'local-oauth-clientsecret', 'not-the-secret');
    const error = await h.client.getAppAccessToken(['read']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).error).toBe('invalid_client');
    expect(String((error as Error).message)).not.toContain('not-the-secret');
    await h.host.settings.set(APP_ID, 'local-oauth-clientsecret', CLIENT_SECRET);
    expect((await h.client.getAppAccessToken(['read'])).token).toBeTruthy();
    expect(h.as.counters.clientCredentialsGrants).toBe(2);
  });

  it('keeps the token sealed in the store under an encryption key, and out of the logs', async () => {
    const raw = new Map<string, unknown>();
    const logs: string[] = [];
    harness = await startHarness({
      stores: [new Keyv({ store: raw })],
      client: { encryptionKey: new Uint8Array(32).fill(7) },
      host: { logger: (entry) => void logs.push(entry.message) },
    });
    const auth = await harness.client.getAppAccessToken(['read']);
    expect(JSON.stringify([...raw.entries()])).not.toContain(auth.token);
    expect(logs.join('\n')).not.toContain(auth.token);
    expect((await harness.client.getAppAccessToken(['read'])).token).toBe(auth.token);
  });
});
