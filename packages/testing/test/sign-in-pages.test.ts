// The browser pages a developer meets on the bundled server: an unknown login is said so, and a
// sign-out page lets the next authorization ask for another account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../src/cookie-jar.ts';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { authorizationRequest } from './support/flow.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

/** A browser with cookies that stops at the redirect back to the client. */
function browser() {
  const jar = new CookieJar();
  const send = async (url: URL, form?: Record<string, string>) => {
    const cookie = jar.headerFor(url);
    const response = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      ...(form === undefined ? {} : { body: new URLSearchParams(form) }),
      headers: cookie === undefined ? {} : { cookie },
      redirect: 'manual',
    });
    jar.store(response);
    return response;
  };
  /** Follows redirects on the server; resolves with the page reached, or the callback URL. */
  const go = async (start: URL, form?: Record<string, string>): Promise<{ url: URL; html: string } | { callback: URL }> => {
    let url = start;
    let response = await send(url, form);
    for (let i = 0; i < 10; i += 1) {
      const location = response.headers.get('location');
      if (location === null) return { url, html: await response.text() };
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.href.startsWith(REDIRECT)) return { callback: url };
      response = await send(url);
    }
    throw new Error('too many redirects');
  };
  return { go };
}

const formAction = (html: string, url: URL) => new URL((/<form[^>]* action="([^"]+)"/.exec(html)?.[1] ?? '').replace(/&amp;/g, '&'), url);
const page = (step: { url: URL; html: string } | { callback: URL }) => {
  if ('callback' in step) throw new Error(`reached the callback: ${step.callback.href}`);
  return step;
};

describe('bundled server pages', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({ clients: [{ clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] }] });
  });
  afterAll(() => as.close());

  it('the login page names the accounts, says so after an unknown login, and has labelled inputs', async () => {
    const { go } = browser();
    const login = page(await go(authorizationRequest(as, 'app', REDIRECT).url));
    expect(login.html).toContain('<p data-accounts>Accounts: alice, bob (any password).</p>');
    expect(login.html).toContain('aria-label="Login"');
    expect(login.html).toContain('aria-label="Password"');
    expect(login.html).not.toContain('role="alert"');

    const again = page(await go(formAction(login.html, login.url), { prompt: 'login', login: 'carol', password: 'x' }));
    expect(again.html).toMatch(/<p role="alert" data-error="unknown_account"[^>]*>That login is not an account on this server\. Sign in as one of: alice, bob\.<\/p>/);
    let consent = page(await go(formAction(again.html, again.url), { prompt: 'login', login: 'alice', password: 'x' }));
    if (consent.html.includes('<title>Submitting Callback</title>')) {
      // Another account than the session's: oidc-provider ends that session first, with a form a
      // browser submits by itself.
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(consent.html)?.[1] ?? '';
      consent = page(await go(formAction(consent.html, consent.url), { xsrf, logout: 'yes' }));
    }
    expect(consent.html).toContain('name="prompt" value="consent"');
  });

  it('signing out makes the next authorization ask for a login; the pages load nothing from elsewhere', async () => {
    const { go } = browser();
    const login = page(await go(authorizationRequest(as, 'app', REDIRECT).url));
    const consent = page(await go(formAction(login.html, login.url), { prompt: 'login', login: 'alice', password: 'x' }));
    expect(await go(formAction(consent.html, consent.url), { prompt: 'consent' })).toHaveProperty('callback');
    // Signed in: the next authorization goes straight back to the client.
    expect(await go(authorizationRequest(as, 'app', REDIRECT).url)).toHaveProperty('callback');

    const confirm = page(await go(new URL(as.endpoints.endSession)));
    expect(confirm.html).toContain('Sign out of this authorization server?');
    expect(confirm.html).not.toMatch(/https:\/\//);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const done = page(await go(formAction(confirm.html, confirm.url), { xsrf, logout: 'yes' }));
    expect(done.html).toContain('<h1 data-signed-out>Signed out</h1>');
    expect(done.html).not.toMatch(/https:\/\//);

    const next = page(await go(authorizationRequest(as, 'app', REDIRECT).url));
    expect(next.html).toContain('name="prompt" value="login"');
  });
});
