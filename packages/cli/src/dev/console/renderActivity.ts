import { clock } from './forms.ts';
import { renderMarkdown } from './markdown.ts';
import type { ConsoleView } from './view.ts';

/** The newest console notices: commands that failed, links to connect, settings saved. */
export function renderActivity(view: ConsoleView): string {
  const items = view.activity
    .slice(0, 4)
    .map((a) => `<li class="${a.kind}"><time>${clock(a.time)}</time> ${renderMarkdown(a.text)}</li>`)
    .join('');
  return items === '' ? '' : `<ul class="activity">${items}</ul>`;
}
