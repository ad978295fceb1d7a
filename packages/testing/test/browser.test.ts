import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { authorizationRequest, exchangeCode } from './support/flow.ts';
import { verifyIdToken } from './support/id-token.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without a browser the test is skipped locally; CI installs Chromium and must run it.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveBrowser)('devInteractions pages in Chromium over plain http', () => {
  let as: AuthorizationServer;
  let client: Server;
  let redirectUri: string;
  let browser: Browser;

  beforeAll(async () => {
    client = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p id="done">${req.url?.length ?? 0}</p>`);
    });
    await new Promise<void>((resolve) => client.listen(0, '127.0.0.1', resolve));
    redirectUri = `http://127.0.0.1:${(client.address() as AddressInfo).port}/callback`;
    as = await startAuthorizationServer({ clients: [{ clientId: 'app', clientSecret: 'secret', redirectUris: [redirectUri] }] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // This machine's network is closed: keep Chromium from reaching out on its own.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await as?.close();
    await new Promise<void>((resolve) => client?.close(() => resolve()) ?? resolve());
  });

  it('signs in, consents and lands on the redirect URI with code, state and iss', async () => {
    const request = authorizationRequest(as, 'app', redirectUri);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(request.url.href);
      await page.fill('input[name="login"]', 'bob');
      await page.fill('input[name="password"]', 'anything');
      await page.click('button[type="submit"]');
      await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });

      // The session cookies reached the browser and carry no Secure flag on http.
      const cookies = await context.cookies(as.url);
      expect(cookies.length).toBeGreaterThan(0);
      expect(cookies.every((cookie) => !cookie.secure)).toBe(true);

      await page.click('button[type="submit"]');
      await page.waitForSelector('#done');
      const landed = new URL(page.url());
      expect(landed.origin + landed.pathname).toBe(redirectUri);
      expect(landed.searchParams.get('state')).toBe(request.state);
      expect(landed.searchParams.get('iss')).toBe(as.issuer);

      const tokens = await exchangeCode(
        as,
        { method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret' },
        landed.searchParams.get('code') ?? '',
        redirectUri,
        request.verifier,
      );
      expect(tokens.status).toBe(200);
      const idToken = await verifyIdToken(as.endpoints.jwks, String(tokens.body.id_token));
      expect(idToken).toMatchObject({ sub: 'bob', nonce: request.nonce });
    } finally {
      await context.close();
    }
  });
});
