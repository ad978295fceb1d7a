import { parseCallbackUrl, type CallbackParameters } from './callback-url.ts';
import { CookieJar } from './cookie-jar.ts';

export interface CompleteConsentOptions {
  /** The login typed on the devInteractions login page; default `alice`. */
  account?: string;
  /** Cancel at the consent page, so the server answers `error=access_denied`. */
  deny?: boolean;
  /** Also GET the redirect URI (plain fetch, no cookies, redirects not followed). */
  follow?: boolean;
}

export interface ConsentResult extends CallbackParameters {
  /** Where the authorization server sent the browser: the client's redirect_uri plus the response. */
  redirectUrl: URL;
}

export interface FollowedConsentResult extends ConsentResult {
  /** The client's answer to the callback request. */
  status: number;
  headers: Headers;
  body: string;
}

/** The flow stopped somewhere other than the client's redirect URI. */
export class ConsentFlowError extends Error {
  readonly code = 'CONSENT_FLOW_FAILED';
  readonly status: number;
  readonly url: string;
  /** From the authorization server's error page, when it rendered one. */
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;

  constructor(message: string, details: { status: number; url: string; error?: string; errorDescription?: string }) {
    super(message);
    this.name = 'ConsentFlowError';
    this.status = details.status;
    this.url = details.url;
    this.error = details.error;
    this.errorDescription = details.errorDescription;
  }
}

/** Login, consent, and the redirects between them, plus slack. */
export const MAX_STEPS = 12;

/** One request of the headless browser: a GET, or a form POST. */
export interface BrowserStep {
  url: URL;
  form?: URLSearchParams;
}

/** Sends a step with the jar's cookies, keeps the cookies it sets, never follows redirects. */
export async function send(jar: CookieJar, step: BrowserStep): Promise<Response> {
  const cookie = jar.headerFor(step.url);
  const headers: Record<string, string> = { accept: 'text/html' };
  if (cookie !== undefined) headers.cookie = cookie;
  const response = await fetch(step.url, {
    method: step.form === undefined ? 'GET' : 'POST',
    headers,
    ...(step.form === undefined ? {} : { body: step.form }),
    redirect: 'manual',
  });
  jar.store(response);
  return response;
}

/**
 * What the user does on a devInteractions page: signs in as `account` (once: a second login page
 * means the server does not know the account), then approves or cancels consent.
 */
export function answerInteraction(page: InteractionPage, account: string, deny: boolean, loginSubmitted: boolean, status: number, url: URL): BrowserStep {
  if (page.prompt === 'login') {
    // The server asks again only when it does not know the account (interaction-policy.ts).
    if (loginSubmitted) {
      throw new ConsentFlowError(`the authorization server refused the login "${account}": no such account`, { status, url: url.href });
    }
    // devInteractions accepts any password; the account id is the login name.
    return { url: page.submitUrl, form: new URLSearchParams({ prompt: 'login', login: account, password: 'any' }) };
  }
  if (deny) return { url: page.abortUrl ?? new URL(`${page.submitUrl.pathname}/abort`, page.submitUrl) };
  return { url: page.submitUrl, form: new URLSearchParams({ prompt: 'consent' }) };
}

const HTML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

export function unescapeHtml(value: string): string {
  return value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity] ?? entity);
}

export interface InteractionPage {
  prompt: 'login' | 'consent';
  submitUrl: URL;
  abortUrl: URL | undefined;
}

/** Reads the devInteractions login or consent page (oidc-provider's views/login, views/interaction). */
export function readInteractionPage(html: string, pageUrl: URL): InteractionPage | undefined {
  const prompt = /<input type="hidden" name="prompt" value="(login|consent)"\/>/.exec(html)?.[1];
  const action = /<form autocomplete="off" action="([^"]+)" method="post">/.exec(html)?.[1];
  if ((prompt !== 'login' && prompt !== 'consent') || action === undefined) return undefined;
  const abort = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(html)?.[1];
  return {
    prompt,
    submitUrl: new URL(unescapeHtml(action), pageUrl),
    abortUrl: abort === undefined ? undefined : new URL(unescapeHtml(abort), pageUrl),
  };
}

/** Reads the members of the kit's own error page (error-page.ts). */
export function readErrorPage(html: string): { error?: string; errorDescription?: string } {
  const member = (name: string) => {
    const match = new RegExp(`<pre data-member="${name}">${name}: ([^<]*)</pre>`).exec(html);
    return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
  };
  const error = member('error');
  const errorDescription = member('error_description');
  return {
    ...(error === undefined ? {} : { error }),
    ...(errorDescription === undefined ? {} : { errorDescription }),
  };
}

/**
 * Decides whether a redirect goes back to the client. The authorization URL names the
 * redirect_uri; without one (e.g. a pushed request), any redirect off the server's
 * origin is taken as the callback.
 */
function callbackMatcher(authorizationUrl: URL): (location: URL) => boolean {
  const redirectUri = authorizationUrl.searchParams.get('redirect_uri');
  if (redirectUri === null) return (location) => location.origin !== authorizationUrl.origin;
  const expected = new URL(redirectUri);
  return (location) => location.origin === expected.origin && location.pathname === expected.pathname;
}

export function completeConsent(
  authorizationUrl: URL | string,
  options: CompleteConsentOptions & { follow: true },
): Promise<FollowedConsentResult>;
export function completeConsent(authorizationUrl: URL | string, options?: CompleteConsentOptions): Promise<ConsentResult>;

/**
 * Plays the user in a browser: opens the authorization URL, signs in on the
 * devInteractions login page, approves (or cancels) consent, and stops at the redirect
 * back to the client without calling it, unless `follow` is set.
 */
export async function completeConsent(
  authorizationUrl: URL | string,
  options: CompleteConsentOptions = {},
): Promise<ConsentResult | FollowedConsentResult> {
  const start = new URL(authorizationUrl);
  const isCallback = callbackMatcher(start);
  const jar = new CookieJar();
  const account = options.account ?? 'alice';
  let request: BrowserStep = { url: start };
  let loginSubmitted = false;

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const response = await send(jar, request);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (isCallback(next)) return finish(next, options.follow === true);
      request = { url: next };
      continue;
    }

    const html = await response.text();
    const page = response.ok ? readInteractionPage(html, request.url) : undefined;
    if (page === undefined) {
      throw new ConsentFlowError(`authorization flow stopped with HTTP ${response.status} at ${request.url.pathname}`, {
        status: response.status,
        url: request.url.href,
        ...readErrorPage(html),
      });
    }
    request = answerInteraction(page, account, options.deny === true, loginSubmitted, response.status, request.url);
    loginSubmitted ||= page.prompt === 'login';
  }
  throw new ConsentFlowError(`authorization flow did not reach the redirect URI within ${MAX_STEPS} steps`, {
    status: 0,
    url: request.url.href,
  });
}

async function finish(redirectUrl: URL, follow: boolean): Promise<ConsentResult | FollowedConsentResult> {
  const result: ConsentResult = { redirectUrl, ...parseCallbackUrl(redirectUrl) };
  if (!follow) return result;
  const response = await fetch(redirectUrl, { redirect: 'manual' });
  return { ...result, status: response.status, headers: response.headers, body: await response.text() };
}
