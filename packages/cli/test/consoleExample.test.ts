// The console with examples/rocketchat-app (an rc-apps folder written only against Rocket.Chat's
// definitions): connect through a block button, live updates, the Preferences modal, a message
// action button, the connections panel and the request log.
import { fileURLToPath } from 'node:url';
import { bindingCodeFrom, completeConsent } from '@plugboard/testing';
import type { IAuthData, IOAuth2Client } from '@plugboard/oauth2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '../src/index.ts';
import { stateName } from '../src/dev/console/blocks/surface.ts';
import { formatRequestLine } from '../src/dev/console/requests/RequestLog.ts';
import { ConsoleClient } from './consoleClient.ts';

const folder = fileURLToPath(new URL('../../../examples/rocketchat-app', import.meta.url));
const APP = '6d1f8c1e-2a4b-4c3d-9e8f-7a6b5c4d3e2f';
let dev: DevHost;
let client: ConsoleClient;
let room: string;
const terminal: string[] = [];

const oauth = () => (dev.app as unknown as { oauth: IOAuth2Client }).oauth;
const alice = async () => (await dev.host.users.getById('alice'))!;
const unescape = (text: string) => text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#39;', "'");

/** The element value of a message's button with this label (`elementOf` of the block renderer's forms). */
function buttonForm(html: string, label: string): { messageId: string; element: string } {
  const at = html.indexOf(`>${label}</button>`);
  const before = html.slice(0, at);
  const messageId = [...before.matchAll(/data-message-id="([^"]+)"/g)].at(-1)![1]!;
  const element = unescape([...before.matchAll(/name="element" value="([^"]+)"/g)].at(-1)![1]!);
  return { messageId, element };
}

beforeAll(async () => {
  dev = await startDevHost({ appModule: folder, port: 0, store: 'memory', env: {}, logger: () => {} });
  dev.requests.subscribe((entry) => terminal.push(formatRequestLine(entry)));
  client = new ConsoleClient(dev);
}, 60_000);
afterAll(async () => {
  await dev?.close();
});

describe('the Rocket.Chat example app in the console', () => {
  let auth: IAuthData;

  it('/example connect shows a Connect button that opens the authorization page in a new tab', async () => {
    await client.post('/send', { text: '/example connect' });
    room = (await client.regions()).room;
    const html = await client.region('room', 'alice', room);
    const link = /<a href="([^"]+)" target="_blank" rel="noopener noreferrer" class="btn" data-dispatch="[^"]+">Connect<\/a>/.exec(html)?.[1];
    expect(link).toBeDefined();
    expect(new URL(unescape(link!)).origin).toBe(new URL(dev.authorizationServer!.issuer).origin);
  });

  it('a callback completed elsewhere (another tab) is announced live, and the DM shows the result', async () => {
    const events = await client.events();
    try {
      const html = await client.region('room', 'alice', room);
      const link = unescape(/<a href="([^"]+)" target="_blank"[^>]*>Connect<\/a>/.exec(html)![1]!);
      const consent = await completeConsent(link, { account: 'alice', follow: true });
      expect(consent.status).toBe(200);
      // The page offers a way back to the chat, names the chat user and the app, and shows the code
      // alice types in the bot's message (binding confirmation), through the console's own forms.
      expect(consent.body).toMatch(new RegExp(`<a href="${dev.url}/"[^>]*>`));
      expect(consent.body).toContain('Almost done: confirm in chat');
      expect(consent.body).toContain('@alice in ');
      const code = bindingCodeFrom(consent.body)!;
      await client.post('/action', { room, ...buttonForm(await client.region('room', 'alice', room), 'Enter code') });
      const viewId = 'plugboard-oauth2:example:binding-code';
      expect(await client.region('overlay', 'alice', room)).toContain(`data-view-id="${viewId}"`);
      await client.post('/view/submit', { room, viewId, [stateName('binding-code', 'code')]: 'AAAA-AAAA' });
      expect(await client.region('overlay', 'alice', room)).toContain('That is not the code. 4 tries left.');
      await client.post('/view/submit', { room, viewId, [stateName('binding-code', 'code')]: code });
      expect(await client.region('overlay', 'alice', room)).toBe('');
      await expect.poll(() => events.topics, { timeout: 15_000 }).toEqual(expect.arrayContaining(['chat', 'connections', 'requests']));
      expect(await client.region('room', 'alice', room)).toMatch(/<strong>Connected\.<\/strong> Try <code>\/example whoami<\/code>/);
      auth = (await oauth().getAccessTokenForUser(await alice()))!;
    } finally {
      events.close();
    }
  });

  it('the Preferences button opens the modal; an empty submit shows the field error; a value saves it', async () => {
    let html = await client.region('room', 'alice', room);
    await client.post('/action', { room, ...buttonForm(html, 'Preferences') });
    let overlay = await client.region('overlay', 'alice', room);
    expect(overlay).toMatch(/<dialog class="modal" open aria-labelledby="modal-title" data-view-id="example-preferences-view">/);
    expect(overlay).toContain('<h2 id="modal-title">Preferences</h2>');
    expect(overlay).toContain('>Favourite colour</label>');
    expect(overlay).toContain('placeholder="e.g. teal"');

    await client.post('/view/submit', { room, viewId: 'example-preferences-view', [stateName('colour', 'value')]: ' ' });
    overlay = await client.region('overlay', 'alice', room);
    expect(overlay).toContain('role="alert">Pick a colour</p>');

    await client.post('/view/submit', { room, viewId: 'example-preferences-view', [stateName('colour', 'value')]: 'teal' });
    expect(await client.region('overlay', 'alice', room)).toBe('');
    html = await client.region('room', 'alice', room);
    expect(html).toContain('Saved: your colour is teal.');

    // Closing (the X or Escape) tells the app, which says so.
    await client.post('/action', { room, ...buttonForm(html, 'Preferences') });
    expect(await client.region('overlay', 'alice', room)).toContain('value="teal"');
    await client.post('/view/close', { room, viewId: 'example-preferences-view', cleared: '1' });
    expect(await client.region('overlay', 'alice', room)).toBe('');
    expect(await client.region('room', 'alice', room)).toContain('Preferences closed without saving.');
  });

  it("the app's message action button is in each message's menu", async () => {
    const html = await client.region('room', 'alice', room);
    expect(html).toContain('aria-label="Message actions"');
    const messageId = [...html.matchAll(/data-message-id="([^"]+)"/g)].at(-1)![1]!;
    await client.post('/button', { room, messageId, button: JSON.stringify({ appId: APP, actionId: 'example-count-words' }) });
    expect(await client.region('room', 'alice', room)).toMatch(/That message has \d+ word\(s\)\./);
  });

  it('the connections panel: status, scopes, absolute expiry with a countdown, ID token claims, no token', async () => {
    const html = await client.region('connections');
    const card = /<article class="conn" data-alias="example" data-user="alice">[\s\S]*?<\/article>/.exec(html)![0];
    expect(card).toContain('<span class="state state-connected">connected</span>');
    expect(card).toContain('<code>openid profile</code>');
    expect(card).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/time> \(<span class="countdown" data-expires-at="\d+">in (\d+ h \d+ min|\d+ min \d+ s)<\/span>\)/);
    expect(card).toMatch(/<summary>ID token claims<\/summary><dl>[\s\S]*<dt>sub<\/dt><dd>alice<\/dd>/);
    expect(card).toMatch(/<dt>iss<\/dt><dd>http:\/\/127\.0\.0\.1:\d+<\/dd>/);
    for (const secret of [auth.token, auth.refreshToken!, auth.idToken!]) expect(JSON.stringify(await client.regions())).not.toContain(secret);
    expect(/data-user="bob">[\s\S]*?<\/article>/.exec(html)![0]).toContain('not connected');
  });

  it('refresh now gets a new token; expire now makes the next use refresh', async () => {
    await client.post('/connections/refresh', { alias: 'example', account: 'alice' });
    const refreshed = (await oauth().getAccessTokenForUser(await alice()))!;
    expect(refreshed.token).not.toBe(auth.token);
    expect(await client.region('activity')).toContain('refreshed alice&#39;s example connection');

    await client.post('/connections/expire', { alias: 'example', account: 'alice' });
    expect(await client.region('connections')).toMatch(/data-user="alice">[\s\S]*?<span class="state state-expired">expired<\/span>/);
    const after = (await oauth().getAccessTokenForUser(await alice()))!;
    expect(after.token).not.toBe(refreshed.token);
    expect(after.expiresAt).toBeGreaterThan(Date.now());
    auth = after;
  });

  it('a refusal is said plainly: wrong client credentials give invalid_client', async () => {
    const secret = (await dev.host.settings.get(APP, 'example-oauth-clientsecret')) as string;
    await dev.host.settings.set(APP, 'example-oauth-clientsecret', 'not-the-secret-31337');
    try {
      await client.post('/connections/refresh', { alias: 'example', account: 'alice' });
      const card = /data-user="alice">[\s\S]*?<\/article>/.exec(await client.region('connections'))![0];
      expect(card).toContain('the provider refused the client credentials (invalid_client, HTTP 401)');
      expect(await client.region('requests')).toMatch(/<strong>refresh<\/strong> <span class="status">401<\/span>[^]*?the provider refused the client credentials \(invalid_client\)/);
    } finally {
      await dev.host.settings.set(APP, 'example-oauth-clientsecret', secret);
    }
    await client.post('/connections/refresh', { alias: 'example', account: 'alice' });
    expect(/data-user="alice">[\s\S]*?<\/article>/.exec(await client.region('connections'))![0]).not.toContain('Last error');
    auth = (await oauth().getAccessTokenForUser(await alice()))!;
  });

  it('revoke kills the token at the provider and the row says so', async () => {
    await client.post('/connections/revoke', { alias: 'example', account: 'alice' });
    expect((await dev.authorizationServer!.introspect(auth.token)).active).toBe(false);
    expect(/data-user="alice">[\s\S]*?<\/article>/.exec(await client.region('connections'))![0]).toContain('not connected');
  });

  it('the request log lists authorization, callback, token, refresh, revocation and discovery requests, redacted, in the console and one line each in the terminal', async () => {
    const html = await client.region('requests');
    for (const kind of ['authorization', 'callback', 'token', 'refresh', 'revocation', 'discovery']) expect(html, kind).toContain(`data-kind="${kind}"`);
    expect(html).toMatch(/⇢<\/span> <strong>authorization<\/strong> <span class="status">303<\/span>/);
    expect(html).toMatch(/<code>GET \/api\/apps\/public\/[^ ]+\/example-callback\?code=…&amp;state=…&amp;iss=/);
    expect(html).toMatch(/<code>GET http:\/\/127\.0\.0\.1:\d+\/auth\?response_type=code&amp;client_id=plugboard-dev-[^&]+&amp;redirect_uri=[^&]+&amp;scope=openid%20profile&amp;state=…&amp;code_challenge=…&amp;code_challenge_method=S256&amp;nonce=…/);
    const lines = terminal.join('\n');
    expect(lines).toMatch(/→ token +POST http:\/\/127\.0\.0\.1:\d+\/token 200 \d+ ms ok/);
    expect(lines).toMatch(/← callback +GET \/api\/apps\/public\/\S+\/example-callback\?code=…&state=…&iss=\S+ 200 \d+ ms connected, or awaiting confirmation in chat/);
    expect(lines).toMatch(/→ revocation +POST \S+ 200 \d+ ms ok/);
    const clientSecret = (await dev.host.settings.get(APP, 'example-oauth-clientsecret')) as string;
    for (const secret of [auth.token, auth.refreshToken!, clientSecret, 'not-the-secret-31337']) {
      expect(lines).not.toContain(secret);
      expect(html).not.toContain(secret);
    }
  });
});
