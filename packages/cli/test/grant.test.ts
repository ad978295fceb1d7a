import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { completeConsent, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import { captureIo, eventually, tempDir, type CapturedIo } from './helpers.ts';

const CLIENT_SECRET = 'grant-test-secret-9f2b';
let as: AuthorizationServer;
let dir: { path: string; remove(): Promise<void> };
let clientCount = 0;
let clientId: string;

beforeAll(async () => {
  as = await startAuthorizationServer();
});
afterAll(async () => {
  await as.close();
});
beforeEach(async () => {
  dir = await tempDir('grant');
  clientCount += 1;
  clientId = `cli-grant-${clientCount}`;
  await writeFile(
    join(dir.path, 'app.json'),
    JSON.stringify({ id: clientId, secret: CLIENT_SECRET, auth_uri: as.endpoints.authorization, token_uri: as.endpoints.token, issuer: as.issuer }),
    { mode: 0o600 },
  );
});
afterEach(async () => {
  await dir.remove();
});

/** Starts `plugboard grant` in-process and waits for the URL it prints. */
async function startGrant(extra: string[] = []) {
  const io = captureIo(dir.path);
  const exit = main(['grant', '--app', 'app.json', '--out', 'user.json', '--scope', 'openid email', '--no-browser', ...extra], io);
  const url = await eventually(() => {
    const line = io.out().split('\n').find((l) => l.startsWith('http'));
    return line === undefined ? undefined : new URL(line);
  }, 'the authorization URL');
  const redirectUri = url.searchParams.get('redirect_uri') ?? '';
  // The port is only known now: register the client for exactly this redirect URI.
  await as.addClient({ clientId, clientSecret: CLIENT_SECRET, redirectUris: [redirectUri] });
  return { io, exit, url, redirectUri };
}

function expectNoSecrets(io: CapturedIo, ...secrets: string[]) {
  for (const secret of [CLIENT_SECRET, ...secrets]) {
    expect(io.out()).not.toContain(secret);
    expect(io.err()).not.toContain(secret);
  }
}

describe('plugboard grant', () => {
  it('prints a state + PKCE S256 URL for a loopback redirect, and writes a working token 0600', async () => {
    const { io, exit, url, redirectUri } = await startGrant();
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(43);
    expect(url.searchParams.get('scope')).toBe('openid email');
    expect(url.href).not.toContain(CLIENT_SECRET);
    expect(io.opened).toEqual([]); // --no-browser

    const consent = await completeConsent(url, { follow: true });
    expect(consent.status).toBe(200);
    expect(consent.headers.get('cache-control')).toBe('no-store');
    expect(consent.headers.get('referrer-policy')).toBe('no-referrer');
    expect(consent.body).toContain('Authorized');
    expect(await exit).toBe(0);

    const file = join(dir.path, 'user.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const user = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(user['tokenType']).toBe('Bearer');
    expect(user['scope']).toBe('openid email');
    expect(user['expiresAt']).toBeGreaterThan(Date.now());
    expect(typeof user['refreshToken']).toBe('string');
    const introspection = await as.introspect(String(user['token']));
    expect(introspection.active).toBe(true);
    expect(introspection['sub']).toBe('alice');
    expect(io.err()).toMatch(/Wrote user\.json: scope "openid email", expires in \d+ min, with a refresh token/);
    expect(consent.body).not.toContain(String(user['token']));
    expectNoSecrets(io, String(user['token']), String(user['refreshToken']));
  });

  it('opens the browser unless --no-browser is given', async () => {
    const io = captureIo(dir.path);
    const exit = main(['grant', '--app', 'app.json', '--out', 'user.json', '--timeout', '1'], io);
    await eventually(() => (io.opened.length > 0 ? io.opened : undefined), 'openUrl');
    expect(io.opened[0]).toBe(io.out().trim());
    expect(await exit).toBe(1);
    expect(io.err()).toMatch(/no authorization arrived within 1 s/);
  });

  it('refuses a forged state without a token request, then completes with the real one', async () => {
    const { io, exit, url, redirectUri } = await startGrant();
    as.resetCounters();
    const forged = await fetch(`${redirectUri}?code=attacker-code&state=forged-state-value`);
    expect(forged.status).toBe(400);
    expect(forged.headers.get('cache-control')).toBe('no-store');
    expect(await forged.text()).not.toContain('attacker-code');
    const duplicated = await fetch(`${redirectUri}?code=a&state=${url.searchParams.get('state')}&state=x`);
    expect(duplicated.status).toBe(400);
    expect(as.counters.tokenRequests).toBe(0);
    expect(io.err()).toMatch(/refused a request to the redirect URI: the state does not match/);

    const consent = await completeConsent(url, { follow: true });
    expect(consent.status).toBe(200);
    expect(await exit).toBe(0);
    expect(as.counters.authorizationCodeGrants).toBe(1);
  });

  it('reports a denied consent, answers the browser, and writes nothing', async () => {
    const { io, exit, url } = await startGrant();
    const consent = await completeConsent(url, { deny: true, follow: true });
    expect(consent.status).toBe(400);
    expect(consent.body).toContain('access_denied');
    expect(await exit).toBe(1);
    expect(io.err()).toMatch(/the authorization was refused \(access_denied\)/);
    await expect(stat(join(dir.path, 'user.json'))).rejects.toThrow();
  });

  it('shows the browser only a known error code: free text in error and error_description never reaches the page', async () => {
    const { io, exit, url, redirectUri } = await startGrant();
    const state = encodeURIComponent(url.searchParams.get('state') ?? '');
    const lure = 'Call 555-0100 at evil.example to unlock';
    const answer = await fetch(`${redirectUri}?state=${state}&error=${encodeURIComponent(lure)}&error_description=${encodeURIComponent('see https://evil.example/help')}`);
    expect(answer.status).toBe(400);
    const page = await answer.text();
    expect(page).toContain('unknown error');
    expect(page).not.toContain('evil.example');
    expect(page).not.toContain('555-0100');
    expect(await exit).toBe(1);
    expect(io.err()).toMatch(/the authorization was refused/);
  });

  it('refuses an iss that is not the configured issuer before redeeming the code', async () => {
    const { exit, url, redirectUri, io } = await startGrant();
    as.resetCounters();
    const state = url.searchParams.get('state') ?? '';
    const mixup = await fetch(`${redirectUri}?code=c&state=${encodeURIComponent(state)}&iss=${encodeURIComponent('https://evil.example')}`);
    expect(mixup.status).toBe(400);
    expect(await exit).toBe(1);
    expect(io.err()).toMatch(/unexpected issuer/);
    expect(as.counters.tokenRequests).toBe(0);
  });

  it('fails cleanly on Ctrl-C', async () => {
    const { io, exit } = await startGrant();
    io.abort();
    expect(await exit).toBe(1);
    expect(io.err()).toMatch(/interrupted/);
  });

  it('refuses an existing --out file before anything starts, and replaces it with --force', async () => {
    const file = join(dir.path, 'user.json');
    const previous = '{"token":"someone-elses-grant","expiresAt":0,"scope":""}\n';
    await writeFile(file, previous, { mode: 0o600 });
    const io = captureIo(dir.path);
    expect(await main(['grant', '--app', 'app.json', '--out', 'user.json', '--no-browser'], io)).toBe(1);
    expect(io.err()).toMatch(/user\.json already exists; pass --force to overwrite it/);
    expect(io.out()).toBe(''); // no URL: nothing was started
    expect(await readFile(file, 'utf8')).toBe(previous);

    const { exit, url } = await startGrant(['--force']);
    expect((await completeConsent(url, { follow: true })).status).toBe(200);
    expect(await exit).toBe(0);
    const replaced = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect((await as.introspect(String(replaced['token']))).active).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('does not clobber an --out file that appeared while the user was consenting', async () => {
    const { io, exit, url } = await startGrant();
    const file = join(dir.path, 'user.json');
    await writeFile(file, 'written meanwhile\n', { mode: 0o600 });
    const consent = await completeConsent(url, { follow: true });
    expect(consent.status).toBe(500);
    expect(consent.body).toContain('Not saved');
    expect(await exit).toBe(1);
    expect(io.err()).toMatch(/user\.json already exists; pass --force to overwrite it/);
    expect(await readFile(file, 'utf8')).toBe('written meanwhile\n');
  });

  it('answers 502 and writes nothing when the provider refuses the code exchange', async () => {
    const io = captureIo(dir.path);
    const exit = main(['grant', '--app', 'app.json', '--out', 'user.json', '--scope', 'openid', '--no-browser'], io);
    const url = new URL(await eventually(() => io.out().split('\n').find((l) => l.startsWith('http')), 'URL'));
    // The server knows the client under another secret: the exchange fails with invalid_client.
    await as.addClient({ clientId, clientSecret: 'not-the-secret-in-app-json', redirectUris: [url.searchParams.get('redirect_uri') ?? ''] });
    const consent = await completeConsent(url, { follow: true });
    expect(consent.status).toBe(502);
    expect(consent.body).toContain('Token exchange failed');
    expect(await exit).toBe(1);
    expect(io.err()).toMatch(/the token exchange failed: ProviderError \[provider_error\] invalid_client/);
    await expect(stat(join(dir.path, 'user.json'))).rejects.toThrow();
    expectNoSecrets(io);
  });
});
