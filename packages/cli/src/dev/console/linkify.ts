import { escapeHtml } from '../../html/escape.ts';

// `[label](https://...)` (the Markdown links chat apps send) or a bare http(s) URL.
const LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/g;

function anchor(href: string, label: string): string {
  // Only http(s) reaches here, so no javascript: or data: URL can become a link.
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

/** Message text as HTML: everything escaped, http(s) links made clickable. */
export function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    html += escapeHtml(text.slice(last, match.index));
    const [whole, label, labelled, bare] = match;
    html += labelled !== undefined && label !== undefined ? anchor(labelled, label) : anchor(bare ?? whole, bare ?? whole);
    last = match.index + whole.length;
  }
  return html + escapeHtml(text.slice(last));
}
