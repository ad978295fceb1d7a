import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { completeConsent } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '../src/index.ts';

const appModule = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
let dev: DevHost;

beforeAll(async () => {
  dev = await startDevHost({ appModule, port: 0, store: 'memory', env: {}, logger: () => {} });
});
afterAll(async () => {
  await dev?.close();
});

async function page(user = 'alice'): Promise<string> {
  const response = await fetch(`${dev.url}/?user=${user}`);
  expect(response.status).toBe(200);
  return response.text();
}

function csrfOf(html: string): string {
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const csrf = csrfOf(await page());
  return fetch(`${dev.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: dev.url, ...headers },
    body: new URLSearchParams({ csrf, user: 'alice', ...fields }),
    redirect: 'manual',
  });
}

function rawGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('dev console', () => {
  it('serves an escaped, script-free page with a strict CSP, users alice and bob', async () => {
    const response = await fetch(`${dev.url}/`);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'self'/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // same-origin: links to other sites carry no Referer, and the console's own posts keep their Origin.
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    const html = await response.text();
    expect(html).toContain('Echo &lt;test&gt; app');
    expect(html).not.toContain('<test>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/href="\/\?user=alice" aria-current="page">alice/);
    expect(html).toContain('href="/?user=bob"');
    expect(html).toContain(dev.authorizationServer!.issuer);
    expect((await fetch(`${dev.url}/console.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('refuses a foreign Host header (DNS rebinding), for the console and the app endpoints alike', async () => {
    expect(await rawGet(`${dev.url}/`, 'attacker.example')).toBe(421);
    expect(await rawGet(`${dev.url}/api/apps/public/echo/local-callback?state=x&code=y`, `attacker.example:${new URL(dev.url).port}`)).toBe(421);
    expect(await rawGet(`${dev.url}/`, `localhost:${new URL(dev.url).port}`)).toBe(200);
  });

  it('refuses posts without the console token or from another origin', async () => {
    const noToken = await fetch(`${dev.url}/command`, {
      method: 'POST',
      body: new URLSearchParams({ user: 'alice', command: 'say', args: 'x' }),
      redirect: 'manual',
    });
    expect(noToken.status).toBe(403);
    expect((await post('/command', { command: 'say', args: 'x' }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/command', { command: 'say', args: 'x' }, { origin: 'null' })).status).toBe(403);
    expect(dev.host.messages).toHaveLength(0);
  });

  it('runs a slash command as the chosen user and shows the message escaped, with links clickable', async () => {
    const response = await post('/command', { command: 'say', args: '<b>hi</b> see [docs](https://example.test/a?b=1&c=2) or javascript:alert(1)' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?user=alice');
    const html = await page();
    expect(html).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(html).toContain('<a href="https://example.test/a?b=1&amp;c=2" rel="noopener noreferrer">docs</a>');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('alice ran /say');
    // bob's page does not show alice's messages.
    expect(await page('bob')).not.toContain('&lt;b&gt;hi');
  });

  it('reports a failing command without crashing the host', async () => {
    expect((await post('/command', { command: 'say', args: 'fail' })).status).toBe(303);
    expect(await page()).toMatch(/\/say failed: Slash command &quot;\/say&quot; of app &quot;echo&quot; failed/);
  });

  it('edits settings; a PASSWORD value is never sent back, and an empty field keeps it', async () => {
    const secret = 'sk-console-test-31337';
    const saved = await post('/settings', { 'setting:greeting': 'bonjour', 'present:loud': '1', 'setting:loud': 'true', 'setting:api-key': secret });
    expect(saved.status).toBe(303);
    expect(await dev.host.settings.get('echo', 'greeting')).toBe('bonjour');
    expect(await dev.host.settings.get('echo', 'loud')).toBe(true);
    expect(await dev.host.settings.get('echo', 'api-key')).toBe(secret);

    let html = await page();
    expect(html).not.toContain(secret);
    expect(html).not.toContain('********');
    expect(html).toMatch(/name="setting:api-key" value="" placeholder="set \(hidden\)/);
    expect(html).toMatch(/name="setting:local-oauth-clientsecret" value=""/);
    expect(html).toContain('saved settings: greeting, loud, api-key');

    // Unchecking a checkbox sends only the presence marker; an empty password keeps the secret.
    await post('/settings', { 'setting:greeting': 'bonjour', 'present:loud': '1', 'setting:api-key': '' });
    expect(await dev.host.settings.get('echo', 'loud')).toBe(false);
    expect(await dev.host.settings.get('echo', 'api-key')).toBe(secret);
    html = await page();
    expect(html).toContain('saved settings: loud');
  });

  it('shows connected accounts per alias with scope and expiry but no token, and revokes', async () => {
    const alice = (await dev.host.users.getById('alice'))!;
    const oauth = (dev.app as unknown as { oauth: import('@plugboard/oauth2').IOAuth2Client }).oauth;
    const consent = await completeConsent(await oauth.getUserAuthorizationUrl(alice), { follow: true });
    expect(consent.status).toBe(200);
    const auth = (await oauth.getAccessTokenForUser(alice))!;

    let html = await page();
    const aliceRow = /<tr data-alias="local" data-user="alice">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(aliceRow).toContain('status-connected');
    expect(aliceRow).toContain('<code>openid email</code>');
    expect(aliceRow).toMatch(/expires in \d+ min, refreshable/);
    expect(aliceRow).toContain('Revoke');
    expect(/<tr data-alias="local" data-user="bob">[\s\S]*?<\/tr>/.exec(html)?.[0]).toContain('not connected');
    expect(html).not.toContain(auth.token);
    expect(html).not.toContain(auth.refreshToken!);

    const revoked = await post('/revoke', { alias: 'local', account: 'alice' });
    expect(revoked.status).toBe(303);
    expect((await dev.authorizationServer!.introspect(auth.token)).active).toBe(false);
    html = await page();
    expect(html).toContain('revoked alice&#39;s local connection');
    expect(/<tr data-alias="local" data-user="alice">[\s\S]*?<\/tr>/.exec(html)?.[0]).toContain('not connected');
  });

  it('GET / has no side effects: a token due for a refresh is shown as stored, and no request is made', async () => {
    // A dev host of its own whose client wants every token refreshed (the window exceeds the
    // bundled server's one-hour tokens): any read through getAccessTokenForUser would refresh.
    process.env['ECHO_REFRESH_WINDOW_SECONDS'] = '7200';
    const eager = await startDevHost({ appModule, port: 0, store: 'memory', env: {}, logger: () => {} }).finally(() => {
      delete process.env['ECHO_REFRESH_WINDOW_SECONDS'];
    });
    try {
      const bob = (await eager.host.users.getById('bob'))!;
      const oauth = (eager.app as unknown as { oauth: import('@plugboard/oauth2').IOAuth2Client }).oauth;
      expect((await completeConsent(await oauth.getUserAuthorizationUrl(bob), { account: 'bob', follow: true })).status).toBe(200);
      const [stored] = await oauth.listAccountsForUser(bob);
      const server = eager.authorizationServer!;
      server.resetCounters();

      const response = await fetch(`${eager.url}/?user=bob`);
      expect(response.status).toBe(200);
      const row = /<tr data-alias="local" data-user="bob">[\s\S]*?<\/tr>/.exec(await response.text())?.[0] ?? '';
      expect(row).toContain('status-connected');
      expect(row).toMatch(/expires in \d+ min, refreshable/);
      expect(server.counters.tokenRequests).toBe(0);
      expect(server.counters.revocations).toBe(0);
      expect(await oauth.listAccountsForUser(bob)).toEqual([stored]);
    } finally {
      await eager.close();
    }
  });

  it('leaves other paths to the host (404) and app endpoints to the apps', async () => {
    expect((await fetch(`${dev.url}/nope`)).status).toBe(404);
    expect((await fetch(`${dev.url}/api/apps/public/echo/local-callback?state=x&code=y`)).status).toBe(400);
  });
});
