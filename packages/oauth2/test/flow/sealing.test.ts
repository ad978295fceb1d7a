import { randomBytes } from 'node:crypto';
import Keyv from 'keyv';
import { AssociationModel, AssociationRecord } from '@plugboard/apps-engine';
import { completeConsent } from '@plugboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, getPage, routeTo, startHarness, type Harness } from '../support/harness.ts';
import { createOAuth2Client, type IOAuth2ClientOptions } from '../../src/index.ts';
import { sha256Base64url } from '../../src/core/digest.ts';
import { DeviceStore } from '../../src/storage/deviceStore.ts';
import { KeyRing } from '../../src/storage/encryption.ts';
import { Sealer } from '../../src/storage/sealing.ts';

/**
 * SECURITY 26: sealed records are bound to their place; under a key nothing is read in clear; keys
 * rotate. Each test works on the raw store (a Map under Keyv), as someone with only the store would.
 */
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const keyA = randomBytes(32);
const keyB = randomBytes(32);

async function start(encryptionKey?: IOAuth2ClientOptions['encryptionKey']) {
  const raw = new Map<string, unknown>();
  harness = await startHarness({ stores: [new Keyv({ store: raw })], client: encryptionKey === undefined ? {} : { encryptionKey } });
  const h = harness;
  /** Another client of the same app, alias and store: what a host restarted with other keys runs. */
  const clientWith = (key: IOAuth2ClientOptions['encryptionKey']) =>
    createOAuth2Client(h.hosts[0]!.app, { alias: h.alias, issuer: h.as.issuer, defaultScopes: ['openid', 'profile'], ...(key === undefined ? {} : { encryptionKey: key }) });
  const { persistence, read } = h.host.accessors(APP_ID);
  const connection = (userId: string) => [new AssociationRecord(AssociationModel.USER, userId), new AssociationRecord(AssociationModel.MISC, `${h.alias}-oauth-connection`)];
  const recordOf = async (userId: string) => ((await read.getPersistenceReader().readByAssociations(connection(userId))) as Array<Record<string, unknown>>)[0];
  return { h, raw, clientWith, persistence, read, connection, recordOf };
}

describe('sealed records are bound to their place (SECURITY 26)', () => {
  it("a ciphertext copied onto another user's record does not open", async () => {
    const { h, persistence, connection, recordOf } = await start(keyA);
    await h.connect(h.alice);
    await h.connect(h.bob);
    const bobs = await recordOf(h.bob.id);
    // Bob's sealed token in Alice's record, with Alice's clear fields: still refused.
    await persistence.updateByAssociations(connection(h.alice.id), { ...(await recordOf(h.alice.id)), sealed: bobs?.['sealed'] }, true);
    await expect(h.client.getAccessTokenForUser(h.alice)).rejects.toMatchObject({ code: 'store_error' });
    expect((await h.client.getAccessTokenForUser(h.bob))?.token).toBeTruthy();
  });

  it('a pending authorization moved onto another state (an attacker\'s own flow) is refused before any token request', async () => {
    const { h, raw } = await start(keyA);
    const victim = await h.client.getUserAuthorizationUrl(h.alice);
    const attacker = await completeConsent(await h.client.getUserAuthorizationUrl(h.bob), { account: 'bob' });
    const states = [...raw.keys()].filter((k) => k.includes('oauth2-state'));
    expect(states).toHaveLength(2);
    // Which record is whose is unknowable from the store; swap both ways and try the attacker's callback.
    const [one, two] = states as [string, string];
    const [first, second] = [raw.get(one), raw.get(two)];
    raw.set(one, second);
    raw.set(two, first);
    h.as.resetCounters();
    const page = await getPage(routeTo(h.hosts[0]!, attacker.redirectUrl));
    expect(page.status).toBe(503);
    expect(h.as.counters.tokenRequests).toBe(0);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(victim.searchParams.get('state')).toBeTruthy();
  });

  it('under a key, a token or a pending authorization planted in clear is refused', async () => {
    const { h, raw, persistence, connection } = await start(keyA);
    await persistence.updateByAssociations(connection(h.alice.id), { userId: h.alice.id, alias: h.alias, grantId: 'g', updatedAt: 1, token: 'planted', expiresAt: 0, scope: 'openid' }, true);
    await expect(h.client.getAccessTokenForUser(h.alice)).rejects.toMatchObject({ code: 'store_error' });
    // Rocket.Chat's own shape (no grant id) in clear is refused too.
    await persistence.updateByAssociations(connection(h.alice.id), { token: 'planted', expiresAt: '', refreshToken: '', scope: '' }, true);
    await expect(h.client.getAccessTokenForUser(h.alice)).rejects.toMatchObject({ code: 'store_error' });

    // Bob's flow; its pending authorization replaced by one in clear naming Alice.
    const consent = await completeConsent(await h.client.getUserAuthorizationUrl(h.bob), { account: 'bob' });
    const stateId = `oauth2-state:${h.alias}:${sha256Base64url(consent.redirectUrl.searchParams.get('state')!)}`;
    expect(JSON.stringify([...raw.entries()])).not.toContain('codeVerifier');
    await persistence.update(stateId, { appId: APP_ID, alias: h.alias, userId: h.alice.id, redirectUri: 'x', scopes: [], codeVerifier: 'v'.repeat(43), expiresAt: Date.now() + 60_000 }, true);
    h.as.resetCounters();
    expect((await getPage(routeTo(h.hosts[0]!, consent.redirectUrl))).status).toBe(503);
    expect(h.as.counters.tokenRequests).toBe(0);
  });

  it('keys rotate: a list reads with any key and writes with the newest', async () => {
    const { h, raw, clientWith } = await start(keyA);
    await h.connect(h.alice);
    const original = await h.client.getAccessTokenForUser(h.alice);
    // Key B added in front: Alice's token still reads, and the read re-seals it with B.
    const rotated = clientWith([keyB, keyA]);
    expect((await rotated.getAccessTokenForUser(h.alice))?.token).toBe(original?.token);
    // Only B from now on: it opens; A alone no longer does.
    expect((await clientWith(keyB).getAccessTokenForUser(h.alice))?.token).toBe(original?.token);
    await expect(clientWith(keyA).getAccessTokenForUser(h.alice)).rejects.toMatchObject({ code: 'store_error' });
    // New writes (a refresh) are sealed with B.
    const refreshed = await rotated.refreshUserAccessToken(h.alice);
    expect((await clientWith(keyB).getAccessTokenForUser(h.alice))?.token).toBe(refreshed?.token);
    const dump = JSON.stringify([...raw.entries()]);
    for (const secret of [original?.token, refreshed?.token, refreshed?.refreshToken]) expect(dump).not.toContain(secret);
  });

  it('an explicit migration seals the records written before the key, and says what it did', async () => {
    const { h, raw, clientWith, recordOf } = await start();
    await h.connect(h.alice);
    await h.connect(h.bob);
    const token = await h.client.getAccessTokenForUser(h.alice);
    expect(JSON.stringify([...raw.entries()])).toContain(token!.token);
    const keyed = clientWith(keyA);
    await expect(keyed.getAccessTokenForUser(h.alice)).rejects.toMatchObject({ code: 'store_error' });
    expect(await keyed.migrateStoredRecords()).toEqual({ sealed: 2, resealed: 0, current: 0 });
    expect((await keyed.getAccessTokenForUser(h.alice))?.token).toBe(token?.token);
    expect(JSON.stringify([...raw.entries()])).not.toContain(token!.token);
    expect((await recordOf(h.alice.id))?.['sealed']).toBeDefined();
    expect(await keyed.migrateStoredRecords()).toEqual({ sealed: 0, resealed: 0, current: 2 });
    // Rotation: the migration re-seals with a newer key in front.
    expect(await clientWith([keyB, keyA]).migrateStoredRecords()).toEqual({ sealed: 0, resealed: 2, current: 0 });
    expect((await clientWith(keyB).getAccessTokenForUser(h.bob))?.token).toBeTruthy();
  });

  it('outcome records are sealed: one planted in clear ends nobody\'s wait', async () => {
    const { h, persistence } = await start(keyA);
    const waiting = h.client.waitForAccessToken(h.alice, { timeoutMs: 1_500 });
    await persistence.update(`oauth2-outcome:${h.alias}:${h.alice.id}`, { id: 'forged', at: Date.now(), failure: 'denied' }, true);
    expect(await waiting).toEqual({ timedOut: true });
  });

  it('a device authorization rewritten for another user does not open', async () => {
    const { h, persistence, read } = await start(keyA);
    const store = new DeviceStore(APP_ID, h.alias, new Sealer(new KeyRing([new Uint8Array(keyA)])));
    const pending = { id: 'dev-1', userId: h.alice.id, scopes: ['openid'], expiresAt: Date.now() + 60_000, intervalMs: 5_000, nextPollAt: Date.now(), failures: 0, createdAt: Date.now() };
    await store.save(persistence, pending, 'device-code-of-alice');
    const reader = read.getPersistenceReader();
    expect((await store.read(reader, 'dev-1'))?.deviceCode).toBe('device-code-of-alice');
    const associations = [new AssociationRecord(AssociationModel.MISC, `${h.alias}-oauth-device-pending`), new AssociationRecord(AssociationModel.MISC, `${h.alias}-oauth-device:dev-1`)];
    const [record] = (await reader.readByAssociations(associations)) as Array<Record<string, unknown>>;
    expect(JSON.stringify(record)).not.toContain('openid');
    await persistence.updateByAssociations(associations, { ...record, userId: h.bob.id }, false);
    await expect(store.read(reader, 'dev-1')).rejects.toMatchObject({ code: 'store_error' });
  });
});
