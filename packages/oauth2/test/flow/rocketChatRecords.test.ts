import { AssociationModel, AssociationRecord, type IPersistence, type IPersistenceRead } from '@plugboard/apps-engine';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, startHarness, type Harness } from '../support/harness.ts';

// Apps that ran Rocket.Chat's own client have tokens stored by it: the same associations (the user
// and `<alias>-oauth-connection`), with `expiresAt` holding the provider's relative `expires_in`
// (or '') and `refreshToken: ''` when there was none. They must read right and be migrated.
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function associations(h: Harness, userId: string): AssociationRecord[] {
  return [new AssociationRecord(AssociationModel.USER, userId), new AssociationRecord(AssociationModel.MISC, `${h.alias}-oauth-connection`)];
}

async function writeRocketChatRecord(h: Harness, userId: string, record: object): Promise<{ persistence: IPersistence; reader: IPersistenceRead }> {
  const { persistence, read } = h.host.accessors(APP_ID);
  await persistence.removeByAssociations(associations(h, userId));
  await persistence.updateByAssociations(associations(h, userId), record, true);
  return { persistence, reader: read.getPersistenceReader() };
}

describe("records written by Rocket.Chat's own client", () => {
  it('a refreshable token is refreshed at first use (its age is unknown), then stored in this client\'s shape', async () => {
    harness = await startHarness();
    const h = harness;
    await h.connect(h.alice);
    const real = (await h.client.getAccessTokenForUser(h.alice))!;
    const { reader } = await writeRocketChatRecord(h, h.alice.id, { scope: real.scope, token: real.token, expiresAt: 3600, refreshToken: real.refreshToken });
    h.as.resetCounters();
    const used = await h.client.getAccessTokenForUser(h.alice);
    expect(h.as.counters.refreshGrants).toBe(1);
    expect(used?.token).not.toBe(real.token);
    expect(used!.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    const [stored] = (await reader.readByAssociations(associations(h, h.alice.id))) as Array<Record<string, unknown>>;
    expect(stored).toMatchObject({ token: used?.token, expiresAt: used?.expiresAt, userId: h.alice.id, alias: h.alias });
    expect(typeof stored?.['grantId']).toBe('string');
    expect((await h.as.introspect(used!.token)).active).toBe(true);
  });

  it('a token without a refresh token lasts expires_in from its first use, and is not refreshed', async () => {
    harness = await startHarness();
    const h = harness;
    const before = Date.now();
    const { reader } = await writeRocketChatRecord(h, h.alice.id, { scope: 'read', token: 'rc-token', expiresAt: 3599, refreshToken: '' });
    const used = await h.client.getAccessTokenForUser(h.alice);
    expect(used).toMatchObject({ token: 'rc-token', scope: 'read' });
    expect(used?.refreshToken).toBeUndefined();
    expect(used!.expiresAt).toBeGreaterThanOrEqual(before + 3_599_000);
    expect(used!.expiresAt).toBeLessThanOrEqual(Date.now() + 3_599_000);
    expect(h.as.counters.refreshGrants).toBe(0);
    const [stored] = (await reader.readByAssociations(associations(h, h.alice.id))) as Array<Record<string, unknown>>;
    expect(stored?.['expiresAt']).toBe(used?.expiresAt);
    // The migrated record is read as ours from now on: the same expiry, not a new one.
    expect((await h.client.getAccessTokenForUser(h.alice))?.expiresAt).toBe(used?.expiresAt);
  });

  it("expiresAt '' (the provider gave no lifetime) means no known expiry, as 0 does here", async () => {
    harness = await startHarness();
    const h = harness;
    await writeRocketChatRecord(h, h.alice.id, { scope: '', token: 'forever-ish', expiresAt: '', refreshToken: '' });
    expect(await h.client.getAccessTokenForUser(h.alice)).toEqual({ token: 'forever-ish', expiresAt: 0, scope: '' });
    expect(await h.client.hasScopes(h.alice, [])).toBe(true);
  });
});
