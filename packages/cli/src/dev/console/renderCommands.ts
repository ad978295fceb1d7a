import { escapeHtml } from '../../html/escape.ts';
import { buttonMenu } from './renderRoom.ts';
import { pageFields, type ConsoleView } from './view.ts';

/**
 * `connect | whoami | remind <seconds> <text>` -> `connect`, `whoami`, `remind`: the first word of
 * each alternative an app's params example lists, for the composer's suggestions.
 */
export function subcommands(example: string): string[] {
  if (!example.includes('|')) return [];
  return example
    .split('|')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((word) => /^[\w.-]+$/.test(word));
}

/** The composer's suggestions (a datalist), the commands' help, and the message box's action buttons. */
export function renderCommands(view: ConsoleView): string {
  const options = view.commands
    .flatMap((c) => [`/${c.command}`, ...subcommands(c.i18nParamsExample).map((word) => `/${c.command} ${word}`)])
    .map((value) => `<option value="${escapeHtml(value)}"></option>`)
    .join('');
  const help = view.commands
    .map((c) => `<li><code>/${escapeHtml(c.command)}</code> <code class="muted">${escapeHtml(c.i18nParamsExample)}</code> ${escapeHtml(c.i18nDescription)}</li>`)
    .join('');
  const menu = buttonMenu('Message box actions', view.buttons.messageBox, pageFields(view));
  return `<datalist id="command-list">${options}</datalist>${menu}<ul class="help muted" aria-label="Slash commands">${help || '<li>No app provides slash commands.</li>'}</ul>`;
}
