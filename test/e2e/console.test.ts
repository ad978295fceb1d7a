// The dev console in a real browser: Debian's Chromium driven by playwright-core, against the dev
// host running examples/rocketchat-app (an rc-apps folder) with the bundled authorization server.
// Screenshots land in test/e2e/artifacts/ (git-ignored; its README says what each one shows).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevHost, type DevHost } from '@plugboard/cli';
import type { IOAuth2Client } from '@plugboard/oauth2';
import { bindingCodeFrom } from '@plugboard/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/rocketchat-app', import.meta.url));
const missing = !existsSync(CHROMIUM);
/** Generous: two shared cores may be busy with other test runs. */
const WAIT = { timeout: 45_000 };

if (missing && process.env['CI'] === 'true') {
  describe('console in a browser', () => {
    it('needs Chromium at /usr/bin/chromium under CI', () => {
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    });
  });
} else if (missing) {
  console.warn(`test/e2e/console.test.ts skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
}

/**
 * The page's controls that have no accessible name: no label, aria-label(ledby), title or text.
 * A placeholder is not a name (it goes away as one types). Evaluated in the page.
 */
const UNNAMED_CONTROLS = `(() => {
  const text = (el) => (el.innerText || el.textContent || '').trim();
  const named = (el) => {
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => document.getElementById(id) && text(document.getElementById(id)))) return true;
    if (el.labels && [...el.labels].some((label) => text(label))) return true;
    if ((el.getAttribute('title') || '').trim()) return true;
    if (el.matches('input[type=submit], input[type=button]') && el.value) return true;
    if (el.matches('button, a, summary, [role=button], [role=menuitem]')) return text(el) !== '' || [...el.querySelectorAll('img[alt]')].some((img) => img.alt.trim());
    return false;
  };
  return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], summary, [role=button], [role=menuitem]')]
    .filter((el) => !el.closest('[aria-hidden=true]') && !named(el))
    .map((el) => el.outerHTML.slice(0, 160));
})()`;

/** What has the focus, and whether it shows (the console's :focus-visible outline). */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { key: '', id: '', tag: 'body', text: '', outlined: false };
  const style = getComputedStyle(el);
  return { key: el.outerHTML.slice(0, 300), id: el.id, tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40), outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
})()`;

describe.skipIf(missing)('console in a browser', () => {
  let dev: DevHost;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  const shot = (name: string, target: Page = page) => target.screenshot({ path: join(ARTIFACTS, name), fullPage: false });
  /** Requests the browser made anywhere but this machine: the console and its pages load nothing from the network. */
  const offMachine: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    dev = await startDevHost({ appModule: EXAMPLE, port: 0, store: 'memory', env: {}, logger: () => {} });
    profile = await mkdtemp(join(tmpdir(), 'plugboard-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
    });
    context.setDefaultTimeout(WAIT.timeout);
    context.on('request', (request) => {
      const { protocol, hostname } = new URL(request.url());
      if (!['data:', 'blob:'].includes(protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) offMachine.push(request.url());
    });
    // Every page of the console and of the app (the outcome page): CSP violations and script errors
    // show up here, and there must be none.
    context.on('page', (opened) => {
      opened.on('console', (message) => {
        if (message.type() === 'error' && opened.url().startsWith(dev.url)) pageErrors.push(`${opened.url()}: ${message.text()}`);
      });
      opened.on('pageerror', (error) => pageErrors.push(error.message));
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error' && page.url().startsWith(dev.url)) pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await dev?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('runs /example connect, connects in a new tab, updates live, submits the modal, revokes', async () => {
    await page.goto(`${dev.url}/`);
    await page.waitForSelector('body[data-live=true]', WAIT);
    expect(await page.locator('h1').innerText()).toContain('Plugboard Example');
    expect(await page.locator('nav[aria-label="Chat user"] a[aria-current=page]').innerText()).toBe('alice');
    expect(await page.locator('.rooms a[aria-current=page]').innerText()).toBe('@plugboard-example.bot');
    // Marks this document: a reload would lose it, so it proves every later change came live.
    await page.evaluate('window.firstLoad = true');

    // The composer: typed with the keyboard, Enter runs the slash command; the app's commands are suggested.
    const suggestions = await Promise.all((await page.locator('#command-list option').all()).map((option) => option.getAttribute('value')));
    expect(suggestions).toContain('/example connect');
    await page.locator('#composer-input').focus();
    await page.keyboard.type('/example connect');
    await page.keyboard.press('Enter');
    const connect = page.locator('.msg a.btn', { hasText: 'Connect' });
    await connect.waitFor(WAIT);
    expect(await connect.getAttribute('target')).toBe('_blank');
    expect(await connect.getAttribute('rel')).toBe('noopener noreferrer');
    await shot('1-connect-button.png');

    // The block button opens the authorization page in a new tab; the console stays where it is.
    const [authorization] = await Promise.all([context.waitForEvent('page', WAIT), connect.click()]);
    await authorization.waitForSelector('input[name=login]', WAIT);
    // A name the bundled server does not know: the login page says so and names the accounts.
    await authorization.fill('input[name=login]', 'carol');
    await authorization.fill('input[name=password]', 'any password');
    await authorization.click('button[type=submit]');
    await authorization.locator('[role=alert]', { hasText: 'not an account on this server' }).waitFor(WAIT);
    expect(await authorization.locator('[data-accounts]').innerText()).toContain('alice, bob');
    await shot('2-unknown-login.png', authorization);
    await authorization.fill('input[name=login]', 'alice');
    await authorization.fill('input[name=password]', 'any password');
    await shot('3-sign-in.png', authorization);
    await authorization.click('button[type=submit]');
    await authorization.waitForSelector('button:has-text("Continue")', WAIT);
    const callback = authorization.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/example-callback'), WAIT);
    await authorization.click('button:has-text("Continue")');
    const answer = await callback;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control']).toBe('no-store');
    expect(answer.headers()['referrer-policy']).toBe('no-referrer');
    // Binding confirmation: the page names the chat user and the app and shows a one-time code.
    await authorization.waitForSelector('h1:has-text("Almost done: confirm in chat")', WAIT);
    expect(authorization.url()).not.toMatch(/access_token/);
    expect(await authorization.locator('body').innerText()).toContain('@alice in Plugboard Example');
    const code = bindingCodeFrom(await authorization.content());
    expect(code).toBeDefined();
    expect(authorization.url()).not.toContain(code!);
    // The page offers a way back to the chat.
    expect(await authorization.locator('a', { hasText: 'Return to the chat' }).getAttribute('href')).toBe(`${dev.url}/`);
    await shot('4-confirm-page.png', authorization);

    // In the first tab (live, no reload) the bot asks alice; Enter code opens the client's modal.
    await page.bringToFront();
    await page.locator('.msg button', { hasText: 'Enter code' }).click();
    const codeDialog = page.locator('dialog.modal');
    await codeDialog.waitFor(WAIT);
    await page.locator('dialog input[type=text]').fill(code!);
    await shot('4b-enter-code.png');
    await page.keyboard.press('Enter');
    await codeDialog.waitFor({ state: 'detached', ...WAIT });

    // The app's DM update follows, without a reload.
    await page.locator('.msg', { hasText: 'Try /example whoami' }).waitFor(WAIT);
    await page.locator('article.conn[data-user=alice] .state', { hasText: 'connected' }).waitFor(WAIT);
    await page.locator('.requests [data-kind=callback]').first().waitFor(WAIT);
    expect(await page.evaluate('window.firstLoad')).toBe(true);
    await page.bringToFront();
    await shot('5-connected-live.png');

    // Preferences: opened with the keyboard; Escape closes it and the app hears it.
    const preferences = page.locator('.msg button', { hasText: 'Preferences' });
    await preferences.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.modal');
    await dialog.waitFor(WAIT);
    expect(await dialog.evaluate((node) => node.matches(':modal'))).toBe(true);
    expect(await page.evaluate('document.activeElement.getAttribute("placeholder")')).toBe('e.g. teal');
    expect(await page.evaluate(UNNAMED_CONTROLS)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await page.locator('.msg', { hasText: 'Preferences closed without saving.' }).waitFor(WAIT);

    // Again: an empty submit shows the app's field error; a colour saves it (Enter submits).
    await preferences.click();
    await dialog.waitFor(WAIT);
    await page.keyboard.press('Enter');
    await page.locator('dialog .error', { hasText: 'Pick a colour' }).waitFor(WAIT);
    await shot('6-modal-field-error.png');
    await page.locator('dialog input[type=text]').fill('teal');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await page.locator('.msg', { hasText: 'Saved: your colour is teal.' }).waitFor(WAIT);

    // The message action button from a message's menu.
    const lastMessage = page.locator('.msg').last();
    await lastMessage.locator('summary[aria-label="Message actions"]').click();
    await lastMessage.locator('button[role=menuitem]', { hasText: 'count words' }).click();
    await page.locator('.msg', { hasText: 'That message has 5 word(s).' }).waitFor(WAIT);
    await shot('7-saved-and-counted.png');

    // Nothing the browser holds is a token.
    const oauth = (dev.app as unknown as { oauth: IOAuth2Client }).oauth;
    const auth = (await oauth.getAccessTokenForUser((await dev.host.users.getById('alice'))!))!;
    const seen = await page.content();
    for (const secret of [auth.token, auth.refreshToken!, auth.idToken!]) expect(seen).not.toContain(secret);

    // Revoke from the connections panel: the token dies at the server, the card says so.
    await page.locator('article.conn[data-user=alice] button', { hasText: 'Revoke' }).click();
    await page.locator('article.conn[data-user=alice] .state', { hasText: 'not connected' }).waitFor(WAIT);
    await page.locator('.requests [data-kind=revocation]').first().waitFor(WAIT);
    expect((await dev.authorizationServer!.introspect(auth.token)).active).toBe(false);
    await page.locator('article.conn[data-user=alice]').scrollIntoViewIfNeeded();
    await shot('8-revoked.png');

    // A narrow window: one column, still readable.
    await page.setViewportSize({ width: 420, height: 900 });
    await page.evaluate('window.scrollTo(0, 0)');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
    await page.screenshot({ path: join(ARTIFACTS, '9-narrow.png'), fullPage: true });
    expect(await page.evaluate('window.firstLoad')).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('is keyboard usable, names every control, reads at 1280x800 and narrow, and loads nothing from the network', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${dev.url}/?user=bob`);
    await page.waitForSelector('body[data-live=true]', WAIT);
    expect(await page.evaluate(UNNAMED_CONTROLS)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);

    // The first Tab reaches the skip link, which takes the keyboard to the message box.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(FOCUSED)).toMatchObject({ tag: 'a', text: 'Skip to the message box', outlined: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(FOCUSED)).toMatchObject({ id: 'composer-input' });
    await page.keyboard.type('/example whoami');
    await page.keyboard.press('Enter');
    await page.locator('.msg', { hasText: 'Not connected' }).waitFor(WAIT);
    await page.locator('#composer-input').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(FOCUSED)).toMatchObject({ tag: 'button', text: 'Send', outlined: true });
    await shot('10-keyboard-focus.png');

    // Tab goes through every control in order, each one showing where the focus is, and leaves
    // none out: the user links, rooms, message buttons and menus, the panels' buttons and settings.
    await page.reload();
    await page.waitForSelector('body[data-live=true]', WAIT);
    const visited: Array<{ key: string; id: string; tag: string; text: string; outlined: boolean }> = [];
    for (let i = 0; i < 150; i += 1) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(FOCUSED)) as (typeof visited)[number];
      // Round: back at the first control (or out of the page).
      if (focused.tag === 'body' || focused.key === visited[0]?.key) break;
      visited.push(focused);
    }
    expect(visited.filter((focused) => !focused.outlined)).toEqual([]);
    const labels = visited.map((focused) => focused.text);
    for (const expected of ['bob', 'Send', 'Connect', 'Save settings']) expect(labels).toContain(expected);

    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(ARTIFACTS, '11-narrow-360.png'), fullPage: false });
    expect(offMachine).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
