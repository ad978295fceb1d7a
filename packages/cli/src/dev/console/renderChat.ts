import { escapeHtml } from '../../html/escape.ts';
import { linkify } from './linkify.ts';
import type { ConsoleView } from './view.ts';

function time(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

function hidden(view: ConsoleView): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}"><input type="hidden" name="user" value="${escapeHtml(view.selected.id)}">`;
}

/** The newest console activity (commands run, settings saved, connect links, failures). */
function renderActivity(view: ConsoleView): string {
  const activity = view.activity
    .slice(0, 8)
    .map((a) => `<li class="${a.kind}"><span class="muted">${time(a.time)}</span> ${linkify(a.text)}</li>`)
    .join('');
  return activity === '' ? '' : `<ul class="activity">${activity}</ul>`;
}

export function renderCommandForm(view: ConsoleView): string {
  if (view.commands.length === 0) {
    return `<section><h2>Slash commands</h2><p class="muted">The app provides no slash commands.</p>${renderActivity(view)}</section>`;
  }
  const options = view.commands
    .map((c) => `<option value="${escapeHtml(c.command)}">/${escapeHtml(c.command)}</option>`)
    .join('');
  const help = view.commands
    .map((c) => `<li><code>/${escapeHtml(c.command)}</code> ${escapeHtml(c.i18nParamsExample)} <span class="muted">${escapeHtml(c.i18nDescription)}</span></li>`)
    .join('');
  return `<section><h2>Run a slash command as ${escapeHtml(view.selected.username)}</h2>
<form method="post" action="/command" class="row">${hidden(view)}
<select name="command" aria-label="command">${options}</select>
<input type="text" name="args" aria-label="arguments" placeholder="arguments" autocomplete="off">
<button type="submit">Run</button></form>
<ul class="muted">${help}</ul>
${renderActivity(view)}</section>`;
}

export function renderMessages(view: ConsoleView): string {
  const items = view.messages
    .map(
      (m) =>
        `<li><span class="meta">${time(m.time)} · ${escapeHtml(m.appId ?? m.sender.username)}</span>${linkify(m.message.text ?? '')}</li>`,
    )
    .join('');
  const body = items === '' ? '<p class="muted">No messages yet. Run a command.</p>' : `<ul class="messages" id="messages">${items}</ul>`;
  return `<section><h2>Messages to ${escapeHtml(view.selected.username)}</h2>${body}
<p><a href="/?user=${encodeURIComponent(view.selected.id)}">Refresh</a></p></section>`;
}
