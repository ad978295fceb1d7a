import { escapeHtml } from './html.ts';

/**
 * The device flow's user pages (RFC 8628 §3.3), replacing oidc-provider's defaults, which load a
 * third-party web font and print "you SHOULD change this" notices. Plain markup with data
 * attributes, so `completeDeviceAuthorization` and a real browser can both drive them.
 */

interface PageContext {
  type: string;
  body: unknown;
}

interface ClientLike {
  clientId: string;
  clientName?: string;
}

function page(ctx: PageContext, title: string, content: string): void {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${content}</body></html>`;
}

/** Why the code page is shown again: oidc-provider's re-render error names, as stable words. */
function reason(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  switch (name) {
    case 'NoCodeError':
      return 'no_code';
    case 'NotFoundError':
      return 'not_found';
    case 'ExpiredError':
      return 'expired';
    case 'AlreadyUsedError':
      return 'already_used';
    case 'AbortedError':
      return 'aborted';
    default:
      return 'error';
  }
}

/** The page where the user types the code (the `verification_uri`). */
export async function userCodeInputSource(ctx: PageContext, form: string, _out: unknown, error: unknown): Promise<void> {
  const why = reason(error);
  const message = why === undefined ? '<p>Enter the code shown in your chat.</p>' : `<p data-device-error="${why}">That did not work (${why}). Try again.</p>`;
  page(ctx, 'Connect a device', `<h1>Connect a device</h1>${message}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
}

/** The page that asks the user to check the code and approve, or abort (`access_denied`). */
export async function userCodeConfirmSource(ctx: PageContext, form: string, client: ClientLike, _deviceInfo: unknown, userCode: string): Promise<void> {
  const name = escapeHtml(client.clientName ?? client.clientId);
  page(
    ctx,
    'Confirm the code',
    `<h1>Confirm the code</h1><p><strong data-client="${name}">${name}</strong> asks for access. The code must match:</p>`
      + `<p><code data-user-code>${escapeHtml(userCode)}</code></p>${form}`
      + `<button type="submit" form="op.deviceConfirmForm">Continue</button>`
      + `<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>`,
  );
}

/** Shown once the user approved: the device (the chat app) may now collect its token. */
export async function successSource(ctx: PageContext): Promise<void> {
  page(ctx, 'Device connected', '<h1 data-device-result="success">Device connected</h1><p>You can close this page and return to the chat.</p>');
}
