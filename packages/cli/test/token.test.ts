import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { completeConsent, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromCredentialFiles } from '../src/index.ts';
import { main } from '../src/main.ts';
import { captureIo, eventually, run, tempDir } from './helpers.ts';

const CLIENT_SECRET = 'token-test-secret-41c7';
// Below the 60 s refresh window: every read of the token refreshes it.
let shortLived: AuthorizationServer;
let dir: { path: string; remove(): Promise<void> };
let n = 0;

beforeAll(async () => {
  shortLived = await startAuthorizationServer({ accessTokenTtlSeconds: 30 });
});
afterAll(async () => {
  await shortLived.close();
});
beforeEach(async () => {
  dir = await tempDir('token');
});
afterEach(async () => {
  await dir.remove();
});

/** An app file for an unreachable server and the given user file, both 0600. */
async function writeFixtures(user: Record<string, unknown>): Promise<void> {
  await writeFile(join(dir.path, 'app.json'), JSON.stringify({ id: 'x', secret: 'y', auth_uri: 'https://as.test/a', token_uri: 'https://as.test/t' }), { mode: 0o600 });
  await writeFile(join(dir.path, 'user.json'), JSON.stringify(user), { mode: 0o600 });
}

async function userFile(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(dir.path, 'user.json'), 'utf8')) as Record<string, unknown>;
}

/** A real grant through `plugboard grant`, so the user file is what users get. */
async function grant(as: AuthorizationServer): Promise<void> {
  n += 1;
  const clientId = `cli-token-${n}`;
  await writeFile(
    join(dir.path, 'app.json'),
    JSON.stringify({ id: clientId, secret: CLIENT_SECRET, auth_uri: as.endpoints.authorization, token_uri: as.endpoints.token }),
    { mode: 0o600 },
  );
  const io = captureIo(dir.path);
  const exit = main(['grant', '--app', 'app.json', '--out', 'user.json', '--scope', 'openid', '--no-browser'], io);
  const url = await eventually(() => io.out().split('\n').find((l) => l.startsWith('http')), 'URL');
  const parsed = new URL(url);
  await as.addClient({ clientId, clientSecret: CLIENT_SECRET, redirectUris: [parsed.searchParams.get('redirect_uri') ?? ''] });
  expect((await completeConsent(parsed, { follow: true })).status).toBe(200);
  expect(await exit).toBe(0);
}

describe('plugboard token', () => {
  it('prints only the token when it is fresh, without contacting the provider', async () => {
    await writeFixtures({ token: 'fresh-token', expiresAt: Date.now() + 3_600_000, scope: '' });
    const result = await run(['token', '--app', 'app.json', '--user', 'user.json'], dir.path);
    expect(result).toEqual({ code: 0, out: 'fresh-token\n', err: '' });
  });

  it('checks --app on every run, also when the token is fresh and no refresh needs it', async () => {
    await writeFixtures({ token: 'fresh-token', expiresAt: Date.now() + 3_600_000, scope: '' });
    const missing = await run(['token', '--app', 'nope.json', '--user', 'user.json'], dir.path);
    expect(missing.code).toBe(1);
    expect(missing.out).toBe('');
    expect(missing.err).toMatch(/nope\.json does not exist/);
    // The user file passed as the app file: not app credentials.
    const swapped = await run(['token', '--app', 'user.json', '--user', 'user.json'], dir.path);
    expect(swapped.code).toBe(1);
    expect(swapped.out).toBe('');
    expect(swapped.err).toMatch(/user\.json: "id" is missing/);
    expect(swapped.err).not.toContain('fresh-token');
  });

  it('warns when user.json (or app.json) can be read by other users, and still prints the token', async () => {
    await writeFixtures({ token: 'fresh-token', expiresAt: Date.now() + 3_600_000, scope: '' });
    await chmod(join(dir.path, 'user.json'), 0o644);
    const result = await run(['token', '--app', 'app.json', '--user', 'user.json'], dir.path);
    expect(result).toEqual({ code: 0, out: 'fresh-token\n', err: 'warning: user.json is readable by other users; chmod 600 it\n' });
    await chmod(join(dir.path, 'app.json'), 0o640);
    expect((await run(['token', '--app', 'app.json', '--user', 'user.json'], dir.path)).err).toMatch(/^warning: app\.json is readable by other users/);
  });

  it('treats expiresAt 0 as "no known expiry" and never refreshes it', async () => {
    await writeFixtures({ token: 'eternal', expiresAt: 0, scope: '' });
    expect((await run(['token', '--app', 'app.json', '--user', 'user.json'], dir.path)).out).toBe('eternal\n');
  });

  it('fails when the token expired and there is no refresh token', async () => {
    await writeFixtures({ token: 'old-token', expiresAt: Date.now() - 1000, scope: '' });
    const result = await run(['token', '--app', 'app.json', '--user', 'user.json'], dir.path);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/has expired and there is no refresh token; run plugboard grant again/);
    expect(result.err).not.toContain('old-token');
  });

  it('refreshes a token that expires within 60 s, rewrites the file atomically with 0600, prints only the token', async () => {
    await grant(shortLived);
    const before = await userFile();
    shortLived.resetCounters();

    const result = await run(['token', '--app', 'app.json', '--user', 'user.json'], dir.path);
    expect(result.code).toBe(0);
    expect(shortLived.counters.successfulRefreshGrants).toBe(1);
    const after = await userFile();
    expect(result.out).toBe(`${String(after['token'])}\n`);
    expect(result.err).toBe('refreshed the access token\n');
    expect(after['token']).not.toBe(before['token']);
    // The local server rotates refresh tokens: the file must hold the new one.
    expect(after['refreshToken']).not.toBe(before['refreshToken']);
    expect(after['scope']).toBe('openid');
    expect((await stat(join(dir.path, 'user.json'))).mode & 0o777).toBe(0o600);
    expect((await shortLived.introspect(String(after['token']))).active).toBe(true);
    expect(result.err).not.toContain(CLIENT_SECRET);
  });

  it('fromCredentialFiles: concurrent callers share one refresh, and onRefresh sees the saved tokens', async () => {
    await grant(shortLived);
    shortLived.resetCounters();
    const files = fromCredentialFiles(join(dir.path, 'app.json'), join(dir.path, 'user.json'));
    const seen: string[] = [];
    files.onRefresh(async (credentials) => {
      // The callback runs after the write: the file already holds what it is given.
      expect((await userFile())['token']).toBe(credentials.token);
      seen.push(credentials.token);
    });
    const tokens = await Promise.all([files.getAccessToken(), files.getAccessToken(), files.getAccessToken()]);
    expect(new Set(tokens).size).toBe(1);
    expect(seen).toEqual([tokens[0]]);
    expect(shortLived.counters.refreshGrants).toBe(1);
  });

  it('two independent readers of one file (two processes) are serialized by the lock file', async () => {
    await grant(shortLived);
    shortLived.resetCounters();
    const a = fromCredentialFiles(join(dir.path, 'app.json'), join(dir.path, 'user.json'));
    const b = fromCredentialFiles(join(dir.path, 'app.json'), join(dir.path, 'user.json'));
    const [ta, tb] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    // The short TTL makes the second holder refresh again, but never with the refresh token
    // the first one already redeemed: with rotation that would have been invalid_grant.
    expect(shortLived.counters.refreshGrants).toBe(shortLived.counters.successfulRefreshGrants);
    expect((await shortLived.introspect(ta)).active).toBe(true);
    expect((await shortLived.introspect(tb)).active).toBe(true);
  });

  it('says to grant again when the refresh token was revoked (invalid_grant)', async () => {
    await grant(shortLived);
    const user = await userFile();
    const revoke = await fetch(shortLived.endpoints.revocation, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`cli-token-${n}:${CLIENT_SECRET}`).toString('base64')}` },
      body: new URLSearchParams({ token: String(user['refreshToken']), token_type_hint: 'refresh_token' }),
    });
    expect(revoke.status).toBe(200);
    const result = await run(['token', '--app', 'app.json', '--user', 'user.json'], dir.path);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/is no longer valid \(invalid_grant\); run plugboard grant again/);
    expect(result.err).not.toContain(String(user['refreshToken']));
  });
});
