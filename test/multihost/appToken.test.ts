import { beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../../packages/oauth2/test/support/harness.ts';
import { redisKeyv, redisOrSkip } from '../support/redis.ts';

let redis = false;
beforeAll(async () => {
  redis = await redisOrSkip();
});

describe('app tokens on two hosts sharing Redis', () => {
  it('60 concurrent callers over two hosts make one client credentials request, and both hosts serve the cached token', async ({ skip }) => {
    if (!redis) skip();
    const namespace = `pbtest-${Math.random().toString(36).slice(2)}`;
    const stores = [redisKeyv(namespace), redisKeyv(namespace)];
    const h = await startHarness({ stores, siteUrl: 'http://chat.test' });
    try {
      const tokens = await Promise.all(Array.from({ length: 60 }, (_, i) => h.hosts[i % 2]!.client.getAppAccessToken(['read'])));
      expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
      expect(h.as.counters.clientCredentialsGrants).toBe(1);
      expect((await h.hosts[1]!.client.getAppAccessToken(['read'])).token).toBe(tokens[0]?.token);
      expect(h.as.counters.clientCredentialsGrants).toBe(1);
    } finally {
      await h.close();
      await stores[0]!.clear();
      await Promise.all(stores.map((store) => store.disconnect()));
    }
  });
});
