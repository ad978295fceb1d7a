import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { getPage, routeTo, startHarness } from '../support/harness.ts';
import { completeConsent } from '@plugboard/testing';

const dir = mkdtempSync(join(tmpdir(), 'plugboard-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sqliteStore(file: string): Keyv {
  return new Keyv({ store: new KeyvSqlite(`sqlite://${file}`) });
}

describe('restart survival on a durable store', () => {
  it('a token and a pending authorization outlive the host that stored them', async () => {
    const file = join(dir, 'host.sqlite');
    const siteUrl = 'http://chat.test';
    const first = await startHarness({ stores: [sqliteStore(file)], siteUrl });
    await first.connect(first.alice);
    const token = await first.client.getAccessTokenForUser(first.alice);
    // A flow started before the restart...
    const pending = await completeConsent(await first.client.getUserAuthorizationUrl(first.bob), { account: 'bob' });
    await first.hosts[0]!.host.close();

    const second = await startHarness({ stores: [sqliteStore(file)], siteUrl, reuseServer: first.as });
    try {
      expect((await second.client.getAccessTokenForUser(second.alice))?.token).toBe(token?.token);
      // ...finishes after it.
      const page = await getPage(routeTo(second.hosts[0]!, pending.redirectUrl));
      expect(page.status).toBe(200);
      expect(await second.client.getAccessTokenForUser(second.bob)).toBeDefined();
      expect((await second.client.refreshUserAccessToken(second.alice))?.token).not.toBe(token?.token);
    } finally {
      await second.close();
    }
  });
});
