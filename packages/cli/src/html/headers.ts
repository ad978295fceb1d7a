import type { ServerResponse } from 'node:http';

export interface PageOptions {
  /** Added to the CSP (`; form-action 'self'`). */
  extraCsp?: string;
  /**
   * Default `no-referrer`. The console uses `same-origin`: with `no-referrer` browsers send
   * `Origin: null` on its own form posts, and the Origin check is one of its CSRF defences.
   */
  referrerPolicy?: 'no-referrer' | 'same-origin';
}

/**
 * Headers for every page Plugboard's CLI serves: nothing cached (pages may follow a token
 * exchange), no Referer leaking a callback URL's code and state to other sites, and a CSP that
 * allows only this origin (no third-party assets exist to load).
 */
export function pageHeaders(options: PageOptions = {}): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': options.referrerPolicy ?? 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'${options.extraCsp ?? ''}`,
  };
}

export function sendPage(res: ServerResponse, status: number, html: string, options?: PageOptions): void {
  res.writeHead(status, pageHeaders(options)).end(html);
}
