import { consentAndConfirm } from './helpers.ts';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { IOAuth2Client } from '@plugboard/oauth2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '../src/index.ts';
import { ConsoleClient } from './consoleClient.ts';

const appModule = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));
let dev: DevHost;
let client: ConsoleClient;

beforeAll(async () => {
  dev = await startDevHost({ appModule, port: 0, store: 'memory', env: {}, logger: () => {} });
  client = new ConsoleClient(dev);
});
afterAll(async () => {
  await dev?.close();
});

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
  it('serves an escaped page with a strict CSP: one script and one stylesheet from its own origin, nothing inline', async () => {
    const { headers, html } = await client.page();
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'; style-src 'self'; img-src 'self'/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe');
    expect(headers.get('cache-control')).toBe('no-store');
    // same-origin: links to other sites carry no Referer, and the console's own posts keep their Origin.
    expect(headers.get('referrer-policy')).toBe('same-origin');
    expect(html).toContain('Echo &lt;test&gt; app');
    expect(html).not.toContain('<test>');
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/console.js" defer>']);
    expect(html).not.toMatch(/<script[^>]*>[^<]/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!127\.0\.0\.1)/);
    expect(html).toMatch(/href="\/\?user=alice" aria-current="page">alice/);
    expect(html).toContain('href="/?user=bob"');
    expect(html).toContain(dev.authorizationServer!.issuer);
    for (const [path, type] of [['/console.css', 'text/css'], ['/console.js', 'text/javascript']] as const) {
      const asset = await fetch(`${dev.url}${path}`);
      expect(asset.headers.get('content-type')).toContain(type);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
      expect(asset.headers.get('cache-control')).toBe('no-store');
      expect(await asset.text()).not.toMatch(/https?:\/\//);
    }
  });

  it('every control on the page is labelled', async () => {
    await client.post('/send', { text: '/say hello' });
    const { html } = await client.page();
    for (const [tag] of html.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
      if (/type="hidden"/.test(tag)) continue;
      const id = /\sid="([^"]+)"/.exec(tag)?.[1];
      const labelled = /aria-label(ledby)?="/.test(tag) || (id !== undefined && html.includes(`for="${id}"`));
      expect(labelled, tag).toBe(true);
    }
    for (const [button] of html.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)) {
      if (/class="implicit"/.test(button)) continue;
      expect(/aria-label="[^"]+"/.test(button) || />[^<\s][^<]*<\/button>$/.test(button), button).toBe(true);
    }
  });

  it('refuses a foreign Host header (DNS rebinding), for the console, its events and the app endpoints alike', async () => {
    expect(await rawGet(`${dev.url}/`, 'attacker.example')).toBe(421);
    expect(await rawGet(`${dev.url}/events`, 'attacker.example')).toBe(421);
    expect(await rawGet(`${dev.url}/regions?user=alice`, 'attacker.example')).toBe(421);
    expect(await rawGet(`${dev.url}/api/apps/public/echo/local-callback?state=x&code=y`, `attacker.example:${new URL(dev.url).port}`)).toBe(421);
    expect(await rawGet(`${dev.url}/`, `localhost:${new URL(dev.url).port}`)).toBe(200);
  });

  it('refuses posts without the console token or from another origin, on every action', async () => {
    const before = dev.host.messages.length;
    for (const path of ['/send', '/action', '/view/submit', '/view/close', '/button', '/connections/revoke', '/connections/expire', '/settings']) {
      const noToken = await fetch(`${dev.url}${path}`, { method: 'POST', body: new URLSearchParams({ user: 'alice', text: '/say x' }), redirect: 'manual' });
      expect(noToken.status, path).toBe(403);
      expect((await client.post(path, { text: '/say x' }, { headers: { origin: 'http://evil.example' } })).status, path).toBe(403);
      expect((await client.post(path, { text: '/say x' }, { headers: { origin: 'null' } })).status, path).toBe(403);
      expect((await client.post(path, { text: '/say x' }, { csrf: 'guessed' })).status, path).toBe(403);
    }
    expect(dev.host.messages.length).toBe(before);
  });

  it('its regions and live events are for this origin only (no CORS), and not cached', async () => {
    const regions = await fetch(`${dev.url}/regions?user=alice`, { headers: { origin: 'http://evil.example' } });
    expect(regions.headers.get('access-control-allow-origin')).toBeNull();
    expect(regions.headers.get('cache-control')).toBe('no-store');
    const events = await client.events();
    expect(events.response.headers.get('content-type')).toContain('text/event-stream');
    expect(events.response.headers.get('access-control-allow-origin')).toBeNull();
    events.close();
  });

  it('the composer runs /command args as the chosen user in the open room; the message shows escaped, links open in a new tab', async () => {
    const response = await client.post('/send', { text: '/say <b>hi</b> see [docs](https://example.test/a?b=1&c=2) or javascript:alert(1)' });
    expect(response.status).toBe(204);
    const room = await client.region('room');
    expect(room).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(room).toContain('<a href="https://example.test/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a>');
    expect(room).not.toMatch(/href="javascript:/);
    expect(room).toContain('only you can see this');
    // bob sees none of alice's messages.
    expect(await client.region('room', 'bob')).not.toContain('&lt;b&gt;hi');
  });

  it('without the script, a form posts and comes back to the same user and room (303)', async () => {
    const { room } = await client.regions();
    const response = await client.post('/send', { text: '/say plain form', room }, { script: false });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/?user=alice&room=${encodeURIComponent(room)}`);
  });

  it('text without a slash is posted to the room as the user', async () => {
    const { room } = await client.regions();
    await client.post('/send', { text: 'a note from alice', room });
    const html = await client.region('room', 'alice', room);
    expect(html).toMatch(/<strong class="sender">Alice Liddell<\/strong> <span class="muted">@alice<\/span>[\s\S]*a note from alice/);
  });

  it('suggests the commands of every app', async () => {
    const commands = await client.region('commands');
    expect(commands).toContain('<datalist id="command-list"><option value="/say"></option></datalist>');
    expect(commands).toContain('Echo the text');
  });

  it('reports a failing command without crashing the host', async () => {
    expect((await client.post('/send', { text: '/say fail' })).status).toBe(204);
    expect(await client.region('activity')).toMatch(/\/say failed: Slash command &quot;\/say&quot; of app &quot;echo&quot; failed/);
    expect((await client.post('/send', { text: '/nope' })).status).toBe(204);
    expect(await client.region('activity')).toContain('No app provides the slash command');
  });

  it('announces changes on /events as they happen: a message, a setting, a request', async () => {
    const events = await client.events();
    try {
      await expect.poll(() => dev.host.listenerCount('message'), { timeout: 10_000 }).toBeGreaterThan(0);
      await client.post('/send', { text: '/say live' });
      await expect.poll(() => events.topics, { timeout: 10_000 }).toContain('chat');
      await client.post('/settings', { 'setting:greeting': 'live' });
      await expect.poll(() => events.topics, { timeout: 10_000 }).toContain('settings');
    } finally {
      events.close();
    }
  });

  it('edits settings; a PASSWORD value is never sent back, and an empty field keeps it', async () => {
    const secret = 'sk-console-test-31337';
    const saved = await client.post('/settings', { 'setting:greeting': 'bonjour', 'present:loud': '1', 'setting:loud': 'true', 'setting:api-key': secret }, { script: false });
    expect(saved.status).toBe(303);
    expect(await dev.host.settings.get('echo', 'greeting')).toBe('bonjour');
    expect(await dev.host.settings.get('echo', 'loud')).toBe(true);
    expect(await dev.host.settings.get('echo', 'api-key')).toBe(secret);

    let { html } = await client.page();
    expect(html).not.toContain(secret);
    expect(html).not.toContain('********');
    expect(html).toMatch(/name="setting:api-key" value="" placeholder="set \(hidden\)/);
    expect(html).toMatch(/name="setting:local-oauth-clientsecret" value=""/);
    expect(html).toContain('saved settings: greeting, loud, api-key');

    // Unchecking a checkbox sends only the presence marker; an empty password keeps the secret.
    await client.post('/settings', { 'setting:greeting': 'bonjour', 'present:loud': '1', 'setting:api-key': '' });
    expect(await dev.host.settings.get('echo', 'loud')).toBe(false);
    expect(await dev.host.settings.get('echo', 'api-key')).toBe(secret);
    ({ html } = await client.page());
    expect(html).toContain('saved settings: loud');
  });

  it('GET / and GET /regions have no side effects: a token due for a refresh is shown as stored, and no token request is made', async () => {
    // A dev host of its own whose client wants every token refreshed (the window exceeds the
    // bundled server's one-hour tokens): any read through getAccessTokenForUser would refresh.
    process.env['ECHO_REFRESH_WINDOW_SECONDS'] = '7200';
    const eager = await startDevHost({ appModule, port: 0, store: 'memory', env: {}, logger: () => {} }).finally(() => {
      delete process.env['ECHO_REFRESH_WINDOW_SECONDS'];
    });
    try {
      const bob = (await eager.host.users.getById('bob'))!;
      const oauth = (eager.app as unknown as { oauth: IOAuth2Client }).oauth;
      expect((await consentAndConfirm(eager.host, await oauth.getUserAuthorizationUrl(bob), { account: 'bob' })).status).toBe(200);
      const [stored] = await oauth.listAccountsForUser(bob);
      const server = eager.authorizationServer!;
      server.resetCounters();

      const response = await fetch(`${eager.url}/?user=bob`);
      expect(response.status).toBe(200);
      const card = /<article class="conn" data-alias="local" data-user="bob">[\s\S]*?<\/article>/.exec(await response.text())?.[0] ?? '';
      expect(card).toContain('<span class="state state-connected">connected</span>');
      expect(card).toMatch(/data-expires-at="\d+">in [^<]+<\/span>\), refreshable/);
      expect((await new ConsoleClient(eager).regions('bob')).regions['connections']?.html).toContain('state-connected');
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
