// The dev console in a real browser: Debian's Chromium driven by playwright-core, against the
// dev host with the demo app and the bundled authorization server.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevHost, type DevHost } from '@plugboard/cli';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const DEMO = fileURLToPath(new URL('../../examples/demo/src/index.ts', import.meta.url));
const missing = !existsSync(CHROMIUM);

if (missing && process.env['CI'] === 'true') {
  describe('console in a browser', () => {
    it('needs Chromium at /usr/bin/chromium under CI', () => {
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    });
  });
} else if (missing) {
  console.warn(`test/e2e/console.test.ts skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
}

describe.skipIf(missing)('console in a browser', () => {
  let dev: DevHost;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    dev = await startDevHost({ appModule: DEMO, port: 0, store: 'memory', env: {}, logger: () => {} });
    profile = await mkdtemp(join(tmpdir(), 'plugboard-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 860 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // CSP violations and script errors show up here; the console must produce none.
    page.on('console', (message) => {
      if (message.type() === 'error' && page.url().startsWith(dev.url)) pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await dev?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function runCommand(command: string): Promise<void> {
    await page.selectOption('select[name=command]', command);
    await Promise.all([page.waitForURL(`${dev.url}/?user=alice`), page.click('form[action="/command"] button')]);
  }

  it('connects alice through the bundled server and shows who she is', async () => {
    await page.goto(`${dev.url}/`);
    expect(await page.locator('h1').innerText()).toContain('Plugboard demo');
    expect(await page.locator('nav a[aria-current=page]').innerText()).toBe('alice');

    await runCommand('connect');
    const link = page.locator('#messages a', { hasText: 'Connect your account' });
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    // The authorization server's devInteractions pages: sign in, then consent.
    await link.click();
    await page.waitForSelector('input[name=login]');
    await page.fill('input[name=login]', 'alice');
    await page.fill('input[name=password]', 'any password');
    await page.click('button[type=submit]');
    await page.waitForSelector('button:has-text("Continue")');
    const callback = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/apps/public/demo/local-callback');
    await page.click('button:has-text("Continue")');

    const answer = await callback;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control']).toBe('no-store');
    expect(answer.headers()['referrer-policy']).toBe('no-referrer');
    await page.waitForURL((url) => url.pathname === '/api/apps/public/demo/local-callback');
    expect(await page.locator('h1').innerText()).toBe('Connected');
    expect(page.url()).not.toMatch(/access_token/);
    await page.screenshot({ path: join(ARTIFACTS, 'success-page.png'), fullPage: true });

    await page.goto(`${dev.url}/?user=alice`);
    const aliceRow = page.locator('tr[data-alias=local][data-user=alice]');
    expect(await aliceRow.locator('td').nth(2).innerText()).toBe('connected');
    expect(await aliceRow.innerText()).toContain('openid profile email');
    expect(await page.locator('tr[data-alias=local][data-user=bob] td').nth(2).innerText()).toBe('not connected');
    expect(await page.locator('#messages').innerText()).toContain('Connected. Run /me to see who you are.');

    await runCommand('me');
    expect(await page.locator('#messages li').last().innerText()).toContain('You are Alice Liddell <alice@example.test> (subject alice).');
    await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });

    // Nothing the browser saw holds the token.
    const oauth = (dev.app as unknown as { oauth: { getAccessTokenForUser(u: unknown): Promise<{ token: string } | undefined> } }).oauth;
    const token = (await oauth.getAccessTokenForUser(await dev.host.users.getById('alice')))!.token;
    expect(await page.content()).not.toContain(token);

    // The revoke button: the token dies at the server and the row says so.
    await Promise.all([page.waitForURL(`${dev.url}/?user=alice`), aliceRow.locator('button', { hasText: 'Revoke' }).click()]);
    expect(await page.locator('tr[data-alias=local][data-user=alice] td').nth(2).innerText()).toBe('not connected');
    expect((await dev.authorizationServer!.introspect(token)).active).toBe(false);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
