import { escapeHtml } from '../html/escape.ts';

/**
 * The page the browser lands on after the provider redirects back. It says what happened and
 * nothing else: no token, no code, no links, no styles from anywhere.
 */
export function grantPage(title: string, message: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)} · plugboard grant</title></head>`,
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
  ].join('\n');
}
