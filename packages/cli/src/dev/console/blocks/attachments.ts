import { escapeHtml } from '../../../html/escape.ts';
import { externalLink, renderMarkdown } from '../markdown.ts';
import { isLoose, str, type Loose } from './surface.ts';

/** Attachment colours as classes (the CSP allows no inline styles): Slack's names, and hues of hex colours. */
function colorClass(color: string | undefined): string {
  if (color === undefined) return '';
  const named = ({ good: 'good', green: 'good', warning: 'warning', orange: 'warning', yellow: 'warning', danger: 'danger', red: 'danger' } as Record<string, string>)[color.toLowerCase()];
  if (named !== undefined) return ` c-${named}`;
  const hex = /^#?([0-9a-f]{6})$/i.exec(color)?.[1];
  if (hex === undefined) return '';
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  return r > g && r > b ? ' c-danger' : g > r && g > b ? ' c-good' : b > r && b > g ? ' c-info' : '';
}

function link(url: unknown, label: string): string {
  const href = str(url);
  return href !== undefined && /^https?:\/\//i.test(href) ? externalLink(href, label) : escapeHtml(label);
}

function attachment(value: Loose): string {
  const author = isLoose(value.author) && str(value.author.name) ? `<div class="author">${link(value.author.link, str(value.author.name) ?? '')}</div>` : '';
  const title = isLoose(value.title) && str(value.title.value) ? `<div class="title">${link(value.title.link, str(value.title.value) ?? '')}</div>` : '';
  const text = str(value.text) ? `<div>${renderMarkdown(str(value.text) ?? '')}</div>` : '';
  const fields = Array.isArray(value.fields)
    ? `<dl class="fields">${value.fields
        .filter(isLoose)
        .map((field) => `<div${field.short === true ? ' class="short"' : ''}><dt>${escapeHtml(str(field.title) ?? '')}</dt><dd>${renderMarkdown(str(field.value) ?? '')}</dd></div>`)
        .join('')}</dl>`
    : '';
  const media = ['imageUrl', 'audioUrl', 'videoUrl']
    .filter((key) => str(value[key]))
    .map((key) => `<div>${link(value[key], `${key.replace('Url', '')}: ${str(value[key])}`)}</div>`)
    .join('');
  const actions = Array.isArray(value.actions)
    ? `<div class="blk actions">${value.actions
        .filter(isLoose)
        .map((action) => (str(action.url) ? link(action.url, str(action.text) ?? 'open').replace('<a ', '<a class="btn" ') : `<span class="btn disabled">${escapeHtml(str(action.text) ?? '')}</span>`))
        .join('')}</div>`
    : '';
  return `<div class="attachment${colorClass(str(value.color))}">${author}${title}${text}${fields}${media}${actions}</div>`;
}

/** A message's attachments (Rocket.Chat's `IMessageAttachment`), escaped, media as links only. */
export function renderAttachments(attachments: unknown): string {
  if (!Array.isArray(attachments) || attachments.length === 0) return '';
  return attachments.filter(isLoose).map(attachment).join('');
}
