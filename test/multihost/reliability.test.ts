import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type KeyvRedis from '@keyv/redis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORE_LOCK_TTL_MS } from '../../packages/apps-engine/src/server/persistence/keyv/KeyvPersistenceBridge.ts';
import { refreshLeaseMs } from '../../packages/oauth2/src/refresh/lease.ts';
import { APP_ID, startHarness, type Harness } from '../../packages/oauth2/test/support/harness.ts';
import { redisKeyv, redisOrSkip, REDIS_URL, startPrivateRedis } from '../support/redis.ts';

let redis = false;
beforeAll(async () => {
  redis = await redisOrSkip();
});

const cleanups: Array<() => Promise<void> | void> = [];
let harness: Harness | undefined;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await harness?.close();
  harness = undefined;
});

describe('Redis stopped mid-run', () => {
  it('operations fail with clear errors while it is down and succeed once it is back; no token lost', async ({ skip }) => {
    if (!redis) skip();
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-redis-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = await startPrivateRedis(port, dir);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.stop());
    harness = await startHarness({ stores: [redisKeyv('reliability', server.url)] });
    const h = harness;
    await h.connect(h.alice);
    const token = await h.client.getAccessTokenForUser(h.alice);

    await server.stop();
    const started = Date.now();
    const failure = await h.client.getAccessTokenForUser(h.alice).then(() => undefined, (e: unknown) => e as Error);
    expect(failure).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(h.client.getUserAuthorizationUrl(h.alice)).rejects.toBeInstanceOf(Error);

    await server.start();
    let back: Awaited<ReturnType<typeof h.client.getAccessTokenForUser>>;
    for (let i = 0; ; i++) {
      try {
        back = await h.client.getAccessTokenForUser(h.alice);
        break;
      } catch (error) {
        if (i > 50) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(back?.token).toBe(token?.token);
    expect((await h.connect(h.bob)).status).toBe(200);
  }, 60_000);
});

/** A token endpoint in front of the real one that holds the first refresh until the test says. */
async function parkingProxy(target: string): Promise<{ url: string; parked: Promise<void>; server: Server }> {
  let signalParked: () => void = () => {};
  const parked = new Promise<void>((r) => (signalParked = r));
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (new URLSearchParams(body.toString()).get('grant_type') === 'refresh_token') {
      // Held until the caller dies: its socket closes and nothing is forwarded.
      signalParked();
      return;
    }
    const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization ?? '') }, body });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(await upstream.text());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, parked, server };
}

describe('a host killed with SIGKILL during a refresh storm', () => {
  it('leaves the other host serving and the grant alive', async ({ skip }) => {
    if (!redis) skip();
    const namespace = `pbtest-kill-${Math.random().toString(36).slice(2)}`;
    const site = 'http://chat.test';
    harness = await startHarness({ stores: [redisKeyv(namespace)], siteUrl: site, server: { accessTokenTtlSeconds: 30 }, client: { defaultScopes: ['profile'], timeoutMs: 2_000 } });
    const h = harness;
    await h.connect(h.alice);
    const before = await h.client.getAccessTokenForUser(h.alice);
    const proxy = await parkingProxy(h.as.endpoints.token);
    cleanups.push(() => new Promise<void>((r) => { proxy.server.closeAllConnections(); proxy.server.close(() => r()); }));

    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/hostProcess.ts')], {
      env: { ...process.env, SITE_URL: site, REDIS_URL, NAMESPACE: namespace, ISSUER: h.as.issuer, TOKEN_URI: proxy.url, TIMEOUT_MS: '2000' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    cleanups.push(() => void child.kill('SIGKILL'));
    const lines = createInterface({ input: child.stdout! });
    const ready = new Promise<void>((resolve) => lines.on('line', (line) => line === 'ready' && resolve()));
    await ready;

    h.as.resetCounters();
    child.stdin!.write('storm 50\n');
    await proxy.parked; // the child holds the refresh lock and its request is in flight
    const storm = Array.from({ length: 50 }, () => h.client.getAccessTokenForUser(h.alice));
    child.kill('SIGKILL');

    const results = await Promise.all(storm);
    expect(new Set(results.map((r) => r?.token)).size).toBe(1);
    expect(results[0]?.token).not.toBe(before?.token);
    expect(h.as.counters.refreshGrants).toBe(1);
    const later = await h.client.refreshUserAccessToken(h.alice);
    expect((await h.as.introspect(later!.token)).active).toBe(true);
  }, 60_000);
});

/** The few node-redis commands the next test sends itself. */
interface RedisCommands {
  keys(pattern: string): Promise<string[]>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
}

/** Found by the refresh chaos test (test/chaos): a SIGKILL inside a token write leaves the store's record lock behind. */
const WRITER_TIMEOUT_MS = 2_000;

describe('a host killed inside a token write', () => {
  it('leaves a store lock that frees before the next refresh lease ends, so the next refresh writes in time and the grant lives', async ({ skip }) => {
    if (!redis) skip();
    const namespace = `pbtest-crashed-writer-${Math.random().toString(36).slice(2)}`;
    const keyv = redisKeyv(namespace);
    harness = await startHarness({
      stores: [keyv, redisKeyv(namespace)],
      siteUrl: 'http://chat.test',
      server: { accessTokenTtlSeconds: 30, rotateRefreshTokens: true, tokenLog: true },
      client: { timeoutMs: WRITER_TIMEOUT_MS },
    });
    const h = harness;
    await h.connect(h.alice);

    // The token record of alice, and the lock a host SIGKILLed while writing it leaves behind: taken
    // (or last renewed) for the store's lock ttl, never released.
    const client = (await (keyv.store as KeyvRedis<unknown>).getClient()) as unknown as RedisCommands;
    const keys = await client.keys(`${namespace}:*:r:${APP_ID}:*`);
    const values = await Promise.all(keys.map(async (key) => [key, String(await client.get(key))] as const));
    const tokenRecord = values.find(([, value]) => value.includes('"userId\\":\\"u-alice\\"') && value.includes('refreshToken'));
    expect(tokenRecord).toBeDefined();
    const recordId = tokenRecord![0].split(`:r:${APP_ID}:`)[1]!;
    await client.set(`${namespace}:plugboard-lock:${APP_ID}:#record:${recordId}`, 'a-host-that-was-killed', { PX: STORE_LOCK_TTL_MS });
    h.as.resetCounters();

    // Host 0 refreshes: the provider rotates, and the write waits for the dead host's lock. Host 1
    // refreshes once host 0 is done, or once host 0's lease has lapsed if its write is still stuck:
    // it would then present the rotated-out refresh token, and the provider would revoke the grant.
    const first = h.hosts[0]!.client.refreshUserAccessToken(h.alice);
    await Promise.race([first.catch(() => undefined), new Promise((r) => setTimeout(r, refreshLeaseMs(WRITER_TIMEOUT_MS) + 500))]);
    const second = await h.hosts[1]!.client.refreshUserAccessToken(h.alice);
    expect((await first)?.token).toBeTruthy();

    expect(h.as.tokenLog.filter((r) => r.grantRevoked)).toEqual([]);
    expect(h.as.tokenLog.map((r) => r.refreshTokenRotation)).toEqual([0, 1]);
    expect((await h.as.introspect(second!.token)).active).toBe(true);
  }, 30_000);
});
