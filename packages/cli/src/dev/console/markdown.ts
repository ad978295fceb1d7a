import { escapeHtml } from '../../html/escape.ts';

// `[label](https://...)` (Markdown), `<https://...|label>` (Slack-style mrkdwn) or a bare http(s) URL.
const LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|<(https?:\/\/[^\s|>]+)\|([^>\n]{1,200})>|(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/g;
// Inline styles of chat markdown, applied to text between links (already escaped).
const STYLES: Array<[RegExp, string]> = [
  [/`([^`\n]+)`/g, '<code>$1</code>'],
  [/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,;:!?])/g, '$1<strong>$2</strong>'],
  [/(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?])/g, '$1<em>$2</em>'],
  [/(^|[\s(])~([^~\n]+)~(?=$|[\s).,;:!?])/g, '$1<del>$2</del>'],
];

/**
 * A link that opens in a new tab (an authorization link must leave the console where it is). Only
 * http(s) reaches here, so no `javascript:` or `data:` URL becomes a link.
 */
export function externalLink(href: string, label: string, extra = ''): string {
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer"${extra}>${escapeHtml(label)}</a>`;
}

function styled(text: string): string {
  let html = escapeHtml(text);
  for (const [pattern, replacement] of STYLES) html = html.replace(pattern, replacement);
  return html.replace(/\n/g, '<br>');
}

/** Chat text as HTML: everything escaped, `*bold*`, `_italic_`, `~strike~`, `` `code` ``, http(s) links clickable. */
export function renderMarkdown(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    html += styled(text.slice(last, match.index));
    const [whole, mdLabel, mdHref, slackHref, slackLabel, bare] = match;
    if (mdHref !== undefined && mdLabel !== undefined) html += externalLink(mdHref, mdLabel);
    else if (slackHref !== undefined && slackLabel !== undefined) html += externalLink(slackHref, slackLabel);
    else html += externalLink(bare ?? whole, bare ?? whole);
    last = match.index + whole.length;
  }
  return html + styled(text.slice(last));
}

/** Plain text: escaped, line breaks kept. */
export function renderPlain(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}
