import type { ServerResponse } from 'node:http';

/**
 * Headers for every page Plugboard's CLI serves: nothing cached (pages may follow a token
 * exchange), no Referer leaking the callback URL's code and state to whatever the page links
 * to, and a CSP that allows only this origin (no third-party assets exist to load).
 */
export function pageHeaders(extraCsp: string = ''): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'${extraCsp}`,
  };
}

export function sendPage(res: ServerResponse, status: number, html: string, extraCsp?: string): void {
  res.writeHead(status, pageHeaders(extraCsp)).end(html);
}
