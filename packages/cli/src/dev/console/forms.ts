import { escapeHtml } from '../../html/escape.ts';

export function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

/**
 * A form posting to the console: it works as a plain form (the server answers with a redirect
 * back), and the page's script sends it in the background instead (`data-live`).
 */
export function liveForm(action: string, fields: Record<string, string>, inner: string, attributes = ''): string {
  return `<form method="post" action="${escapeHtml(action)}" data-live${attributes}>${hiddenInputs(fields)}${inner}</form>`;
}

/** `example_count_words` -> `example count words`: labels of i18n keys the host has no translation for. */
export function humanize(key: string): string {
  return key.replace(/[_-]+/g, ' ').trim();
}

export function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}
