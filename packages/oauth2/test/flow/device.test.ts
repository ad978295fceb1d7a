import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { completeDeviceAuthorization, type AuthorizationServerOptions } from '@plugboard/testing';
import { startHarness, type Harness, type HarnessOptions } from '../support/harness.ts';
import { ConfigurationError, createOAuth2Client, EmbeddedDevicePollScheduler, type IAuthData, type OAuth2ClientEvents } from '../../src/index.ts';
import type { DevicePoller } from '../../src/device/devicePoller.ts';
import type { DeviceStore } from '../../src/storage/deviceStore.ts';

const dir = mkdtempSync(join(tmpdir(), 'plugboard-device-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A harness whose server runs the device flow with a 1 s interval and whose hosts scan often. */
async function deviceHarness(server: AuthorizationServerOptions['deviceFlow'] = {}, extra: HarnessOptions = {}): Promise<Harness> {
  const calls: Array<IAuthData | undefined> = [];
  harness = await startHarness({
    ...extra,
    server: { deviceFlow: { intervalSeconds: 1, ...server } },
    client: (as) => ({
      deviceScheduler: new EmbeddedDevicePollScheduler({ idleScanMs: 200 }),
      authorizationCallback: (token) => void calls.push(token),
      ...(typeof extra.client === 'function' ? extra.client(as) : extra.client),
    }),
  });
  return Object.assign(harness, { calls });
}

function callbacks(h: Harness): Array<IAuthData | undefined> {
  return (h as Harness & { calls: Array<IAuthData | undefined> }).calls;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('device authorization grant (RFC 8628) against the local server', () => {
  it('gives a code and a link; once approved the token is stored as after a callback, with the same events', async () => {
    const h = await deviceHarness();
    const events: Array<OAuth2ClientEvents['authorizationCodeExchanged']> = [];
    h.client.on('authorizationCodeExchanged', (event) => events.push(event));
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
    const before = Date.now();
    const started = await h.client.startDeviceAuthorization(h.alice, ['email']);
    expect(started).toMatchObject({ verificationUri: h.as.endpoints.deviceVerification, intervalSeconds: 1 });
    expect(started.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(new URL(started.verificationUriComplete!).searchParams.get('user_code')).toBe(started.userCode);
    expect(started.expiresAt).toBeGreaterThan(before + 590_000);
    expect(JSON.stringify(started)).not.toMatch(/device_code|deviceCode/);

    await until(() => h.as.devicePolls.length >= 1);
    expect(await completeDeviceAuthorization(started.verificationUriComplete!, { account: 'alice' })).toEqual({ outcome: 'approved' });
    const outcome = await waiting;
    expect(outcome.timedOut).toBe(false);
    expect(outcome.result?.scope).toBe('openid profile email');
    expect((await h.as.introspect(outcome.result!.token)).sub).toBe('alice');
    expect(await h.client.getAccessTokenForUser(h.alice)).toEqual(outcome.result);
    expect(events).toEqual([expect.objectContaining({ userId: h.alice.id, alias: 'local', scope: 'openid profile email' })]);
    expect(callbacks(h)).toEqual([outcome.result]);
    // RFC 8628 §3.5: never faster than the interval, the first poll included.
    expect(h.as.devicePolls[0]!.at - before).toBeGreaterThanOrEqual(1_000);
    expect(h.as.counters).toMatchObject({ slowDowns: 0, successfulDeviceCodeGrants: 1 });
    const polls = h.as.devicePolls.length;
    await sleep(1_500);
    expect(h.as.devicePolls.length).toBe(polls);
    // The token is refreshed like any other.
    expect((await h.client.refreshUserAccessToken(h.alice))?.token).not.toBe(outcome.result?.token);
  });

  it.each(['confirm', 'consent'] as const)('a user who refuses (%s) ends the wait with "denied"; nothing is stored', async (deny) => {
    const h = await deviceHarness();
    const failed: string[] = [];
    h.client.on('authorizationFailed', (event) => failed.push(event.failure));
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
    const started = await h.client.startDeviceAuthorization(h.alice);
    expect(await completeDeviceAuthorization(started.verificationUriComplete!, { deny })).toEqual({ outcome: 'denied' });
    expect(await waiting).toEqual({ timedOut: false, failure: 'denied' });
    expect(failed).toEqual(['denied']);
    expect(callbacks(h)).toEqual([undefined]);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
  });

  it('a code nobody approves expires: the wait ends with "expired" and polling stops', async () => {
    const h = await deviceHarness({ codeTtlSeconds: 3 });
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
    await h.client.startDeviceAuthorization(h.alice);
    expect(await waiting).toEqual({ timedOut: false, failure: 'expired' });
    expect(callbacks(h)).toEqual([undefined]);
    const polls = h.as.devicePolls.length;
    await sleep(1_500);
    expect(h.as.devicePolls.length).toBe(polls);
  });

  it('slow_down adds 5 seconds to the interval for every later poll', async () => {
    const h = await deviceHarness({ slowDownPolls: 1 });
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 30_000 });
    const started = await h.client.startDeviceAuthorization(h.alice);
    await until(() => h.as.devicePolls.length >= 1);
    expect(h.as.devicePolls[0]!.outcome).toBe('slow_down');
    await completeDeviceAuthorization(started.verificationUriComplete!);
    expect((await waiting).result?.token).toBeTruthy();
    const [first, second] = h.as.devicePolls;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(6_000);
    expect(h.as.counters.slowDowns).toBe(1);
  });

  it('whoever holds the poll lock looks at the schedule again: a second poll inside the interval does not go out', async () => {
    const h = await deviceHarness({}, { client: { deviceScheduler: { start() {}, wake() {}, stop() {} } } });
    await h.client.startDeviceAuthorization(h.alice);
    const { devicePoller, devices } = h.client as unknown as { devicePoller: DevicePoller; devices: DeviceStore };
    const [pending] = await devices.list(h.host.accessors('flow-app').read.getPersistenceReader());
    expect(await devicePoller.pollOne(pending!.id)).toBe(pending!.nextPollAt);
    await sleep(pending!.nextPollAt - Date.now() + 50);
    const next = await devicePoller.pollOne(pending!.id);
    expect(h.as.devicePolls.map((poll) => poll.outcome)).toEqual(['authorization_pending']);
    // A stale view (another host listed it as due a moment ago) changes nothing under the lock.
    expect(await devicePoller.pollOne(pending!.id)).toBe(next);
    expect(h.as.devicePolls).toHaveLength(1);
  });

  it('connects another account with addAccount, named by its ID token sub', async () => {
    const h = await deviceHarness();
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
    const started = await h.client.startDeviceAuthorization(h.alice, [], { addAccount: true });
    await completeDeviceAuthorization(started.verificationUriComplete!, { account: 'bob' });
    expect(await waiting).toMatchObject({ timedOut: false, accountKey: 'bob' });
    expect((await h.client.listAccountsForUser(h.alice)).map((a) => a.accountKey)).toEqual(['bob']);
  });

  it('survives a host restart mid-poll: the new host picks the code up and finishes', async () => {
    const file = join(dir, 'restart.sqlite');
    const store = () => new Keyv({ store: new KeyvSqlite(`sqlite://${file}`) });
    const siteUrl = 'http://chat.test';
    const first = await deviceHarness({}, { stores: [store()], siteUrl });
    const started = await first.client.startDeviceAuthorization(first.alice);
    await until(() => first.as.devicePolls.some((poll) => poll.outcome === 'authorization_pending'));
    await first.hosts[0]!.host.close();
    const pollsWhileDown = first.as.devicePolls.length;
    await sleep(1_200);
    expect(first.as.devicePolls.length).toBe(pollsWhileDown);

    harness = undefined;
    const second = await startHarness({
      stores: [store()],
      siteUrl,
      reuseServer: first.as,
      client: { deviceScheduler: new EmbeddedDevicePollScheduler({ idleScanMs: 200 }) },
    });
    harness = second;
    const waiting = second.client.waitForAccessToken(second.alice, { timeoutMs: 20_000 });
    await completeDeviceAuthorization(started.verificationUriComplete!);
    expect((await waiting).result?.token).toBeTruthy();
    expect(first.as.counters).toMatchObject({ slowDowns: 0, successfulDeviceCodeGrants: 1 });
  });

  it('keeps the device code sealed under an encryption key (whoever holds it collects the token)', async () => {
    const raw = new Map<string, unknown>();
    const h = await deviceHarness({}, { stores: [new Keyv({ store: raw })], client: { encryptionKey: new Uint8Array(32).fill(9) } });
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
    const started = await h.client.startDeviceAuthorization(h.alice);
    const dump = JSON.stringify([...raw.entries()]);
    expect(dump).toContain('oauth-device-pending');
    expect(dump).not.toContain('deviceCode');
    await completeDeviceAuthorization(started.verificationUriComplete!);
    const token = (await waiting).result!.token;
    expect(JSON.stringify([...raw.entries()])).not.toContain(token);
  });

  it('works with private_key_jwt client authentication', async () => {
    const { exportJWK, generateKeyPair } = await import('jose');
    const pair = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = { ...(await exportJWK(pair.publicKey)), alg: 'ES256' };
    const h = await deviceHarness({}, {
      client: { privateKey: await exportJWK(pair.privateKey), privateKeyAlgorithm: 'ES256' },
      registration: ({ clientSecret: _secret, ...spec }) => ({ ...spec, tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [publicJwk] } }),
    });
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 20_000 });
    const started = await h.client.startDeviceAuthorization(h.alice);
    await until(() => h.as.devicePolls.length >= 2);
    await completeDeviceAuthorization(started.verificationUriComplete!);
    expect((await waiting).result?.token).toBeTruthy();
  });

  it('endpoints: deviceAuthorizationUri wins over discovery; a client without one says so', async () => {
    const h = await deviceHarness({}, { client: (as) => ({ deviceAuthorizationUri: `${as.issuer}/nowhere` }) });
    await expect(h.client.startDeviceAuthorization(h.alice)).rejects.toMatchObject({ code: 'invalid_response' });
    const app = { getID: () => 'a', getAccessors: () => h.host.accessors('flow-app'), getLogger: () => ({ warn() {}, error() {} }) } as never;
    const bare = createOAuth2Client(app, { alias: 'bare', authUri: 'https://as.example/auth', accessTokenUri: 'https://as.example/token', clientId: 'x', clientSecret: 'y' });
    await expect(bare.startDeviceAuthorization(h.alice)).rejects.toThrow(ConfigurationError);
  });
});
