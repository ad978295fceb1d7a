import { answerInteraction, ConsentFlowError, MAX_STEPS, readErrorPage, readInteractionPage, send, unescapeHtml, type BrowserStep } from './consent.ts';
import { CookieJar } from './cookie-jar.ts';

export interface CompleteDeviceAuthorizationOptions {
  /** The login typed on the devInteractions login page; default `alice`. */
  account?: string;
  /** The user code, when the URL is the bare `verification_uri` (not `verification_uri_complete`). */
  userCode?: string;
  /** Refuse instead of approving: `confirm` aborts on the code confirmation page, `consent` cancels consent. */
  deny?: 'confirm' | 'consent';
}

export interface DeviceAuthorizationResult {
  /** `approved`: the device may now collect its token. `denied`: its next poll hears `access_denied`. */
  outcome: 'approved' | 'denied';
}

/** A form of the device pages: where it posts and its hidden fields. */
function readForm(html: string, pageUrl: URL, id?: string): BrowserStep | undefined {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  for (const [, attributes = '', body = ''] of forms) {
    if (id !== undefined && !attributes.includes(`id="${id}"`)) continue;
    const action = /action="([^"]*)"/.exec(attributes)?.[1];
    if (action === undefined) continue;
    const form = new URLSearchParams();
    for (const [, name = '', value = ''] of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) {
      form.append(unescapeHtml(name), unescapeHtml(value));
    }
    return { url: new URL(unescapeHtml(action), pageUrl), form };
  }
  return undefined;
}

/**
 * Plays the user of a device authorization (RFC 8628 §3.3) on the kit's server, without a browser:
 * opens the verification URL, enters the user code (or follows `verification_uri_complete`),
 * confirms it, signs in and consents, and stops at the success page. With `deny` it aborts at
 * the code page or cancels consent instead. Throws ConsentFlowError when the code is unknown,
 * expired or already used.
 */
export async function completeDeviceAuthorization(
  verificationUrl: URL | string,
  options: CompleteDeviceAuthorizationOptions = {},
): Promise<DeviceAuthorizationResult> {
  const jar = new CookieJar();
  const account = options.account ?? 'alice';
  let request: BrowserStep = { url: new URL(verificationUrl) };
  let loginSubmitted = false;
  let codeEntered = false;

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const response = await send(jar, request);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      request = { url: new URL(location, request.url) };
      continue;
    }
    const html = await response.text();
    const stopped = (message: string, extra: { error?: string } = {}) =>
      new ConsentFlowError(message, { status: response.status, url: request.url.href, ...readErrorPage(html), ...extra });
    if (!response.ok) throw stopped(`device flow stopped with HTTP ${response.status} at ${request.url.pathname}`);
    if (html.includes('data-device-result="success"')) return { outcome: 'approved' };

    const error = /data-device-error="([a-z_]+)"/.exec(html)?.[1];
    if (error === 'aborted') return { outcome: 'denied' };
    if (error !== undefined) throw stopped(`the device page refused the code: ${error}`, { error });

    const confirm = readForm(html, request.url, 'op.deviceConfirmForm');
    if (confirm) {
      if (options.deny === 'confirm') confirm.form?.set('abort', 'yes');
      request = confirm;
      continue;
    }
    const input = readForm(html, request.url, 'op.deviceInputForm');
    if (input) {
      if (codeEntered || options.userCode === undefined) throw stopped('the device page asks for a user code: pass userCode, or open verification_uri_complete');
      input.form?.set('user_code', options.userCode);
      codeEntered = true;
      request = input;
      continue;
    }
    const page = readInteractionPage(html, request.url);
    if (page) {
      request = answerInteraction(page, account, options.deny === 'consent', loginSubmitted, response.status, request.url);
      loginSubmitted ||= page.prompt === 'login';
      continue;
    }
    // oidc-provider's self-submitting form (verification_uri_complete carries the code).
    const autoSubmit = readForm(html, request.url);
    if (!autoSubmit) throw stopped(`device flow stopped at an unknown page ${request.url.pathname}`);
    request = autoSubmit;
  }
  throw new ConsentFlowError(`device flow did not finish within ${MAX_STEPS} steps`, { status: 0, url: request.url.href });
}
