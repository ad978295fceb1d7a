import { escapeHtml } from './html.ts';

interface ErrorPageContext {
  type: string;
  body: unknown;
}

/**
 * oidc-provider's `renderError`, used when it cannot redirect back to the client (unknown
 * client, unregistered redirect_uri). Plain markup with one `<pre>` per member, loading
 * nothing from elsewhere; completeConsent reads the members back from it.
 */
export async function renderError(ctx: ErrorPageContext, out: Record<string, unknown>): Promise<void> {
  const members = Object.entries(out)
    .map(([key, value]) => `<pre data-member="${escapeHtml(key)}">${escapeHtml(key)}: ${escapeHtml(value)}</pre>`)
    .join('\n');
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Authorization error</title></head>`
    + `<body><h1>Authorization error</h1>\n${members}\n</body></html>`;
}
