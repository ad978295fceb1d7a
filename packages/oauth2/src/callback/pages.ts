import type { IApiResponse } from '@plugboard/apps-engine';

/**
 * Headers of every outcome page (SECURITY 12): never cached, no Referer leaking the code to the next
 * site, nothing loaded from anywhere (inline styles only), not framable.
 */
export const OUTCOME_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** Text this package wrote: a page never carries provider free text (SECURITY 28). */
export interface OutcomePage {
  title: string;
  message: string;
  /** Where "Return to the chat" leads (the host's site URL); no link without it. */
  back?: string;
  /** A one-time binding code to show large (SECURITY 25); the page is never cached and sends no Referer. */
  code?: string;
}

export function renderOutcomePage(page: OutcomePage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(page.title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
</head><body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${codeBlock(page.code)}${backLink(page.back)}</body></html>`;
}

function codeBlock(code: string | undefined): string {
  return code === undefined ? '' : `<p style="font:700 2rem ui-monospace,monospace;letter-spacing:.15em;text-align:center">${escapeHtml(code)}</p>`;
}

/** Only an http(s) URL becomes a link: the page must never carry a `javascript:` one. */
function backLink(back: string | undefined): string {
  return back !== undefined && /^https?:\/\//i.test(back) ? `<p><a href="${escapeHtml(back)}">Return to the chat</a></p>` : '';
}

/** An outcome page response; `html` replaces the rendered page when an app supplies its own. */
export function outcomeResponse(status: number, page: OutcomePage, html?: string): IApiResponse {
  return { status, headers: { ...OUTCOME_PAGE_HEADERS }, content: html ?? renderOutcomePage(page) };
}
