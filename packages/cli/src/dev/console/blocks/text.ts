import { renderMarkdown, renderPlain } from '../markdown.ts';
import { isLoose, str } from './surface.ts';

/** A UIKit text object (`plain_text` or `mrkdwn`) as HTML; anything else as nothing. */
export function renderText(value: unknown): string {
  if (typeof value === 'string') return renderPlain(value);
  if (!isLoose(value)) return '';
  const text = str(value.text) ?? '';
  return value.type === 'mrkdwn' ? renderMarkdown(text) : renderPlain(text);
}

/** A text object's words, for labels and attributes (escape before use). */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  return isLoose(value) ? (str(value.text) ?? '') : '';
}
