import type { IUIActionButton } from '@plugboard/apps-engine';
import { UserType } from '@plugboard/apps-engine';
import { escapeHtml } from '../../html/escape.ts';
import { renderAttachments } from './blocks/attachments.ts';
import { renderBlocks } from './blocks/renderBlocks.ts';
import { clock, humanize, liveForm } from './forms.ts';
import { renderMarkdown } from './markdown.ts';
import type { ShownMessage } from './rooms/roomMessages.ts';
import { pageFields, type ConsoleView } from './view.ts';

/** A menu of action buttons: each posts `/button` with the app and action id. */
export function buttonMenu(label: string, buttons: readonly IUIActionButton[], fields: Record<string, string>): string {
  if (buttons.length === 0) return '';
  const items = buttons
    .map((b) => `<button type="submit" role="menuitem" name="button" value="${escapeHtml(JSON.stringify({ appId: b.appId, actionId: b.actionId }))}">${escapeHtml(humanize(b.labelI18n))}</button>`)
    .join('');
  return `<details class="menu"><summary class="btn icon" aria-label="${escapeHtml(label)}" title="${escapeHtml(label)}">⋯</summary>${liveForm('/button', fields, `<div class="menu-items" role="menu">${items}</div>`)}</details>`;
}

function senderName(message: ShownMessage): string {
  const { sender } = message;
  const badge = sender.type === UserType.APP ? ' <span class="badge">app</span>' : '';
  return `<strong class="sender">${escapeHtml(sender.name || sender.username)}</strong> <span class="muted">@${escapeHtml(sender.username)}</span>${badge}`;
}

function renderMessage(view: ConsoleView, message: ShownMessage): string {
  const fields = { ...pageFields(view), messageId: message.id };
  const notes = [message.edited ? 'edited' : '', message.ephemeral ? 'only you can see this' : ''].filter(Boolean).map((n) => `<span class="note">${n}</span>`).join('');
  const surface = { kind: 'message' as const, fields, idPrefix: `m-${message.id}` };
  const menu = message.ephemeral ? '' : buttonMenu('Message actions', view.buttons.message, fields);
  return `<li class="msg${message.ephemeral ? ' ephemeral' : ''}" data-message-id="${escapeHtml(message.id)}">
<div class="meta">${senderName(message)} <time datetime="${message.time.toISOString()}">${clock(message.time)}</time>${notes}${menu}</div>
${message.text ? `<div class="text">${renderMarkdown(message.text)}</div>` : ''}${renderBlocks(message.blocks, surface)}${renderAttachments(message.attachments)}</li>`;
}

/** The open room: its name, its menu, and its messages, oldest first. */
export function renderRoom(view: ConsoleView): string {
  if (view.room === undefined) return '<p class="muted">No rooms yet.</p>';
  const menu = buttonMenu('Room actions', view.buttons.room, pageFields(view));
  const items = view.messages.map((m) => renderMessage(view, m)).join('\n');
  const empty = view.messages.length === 0 ? `<p class="muted empty">No messages yet. Type a command below, e.g. <code>/${escapeHtml(view.commands[0]?.command ?? 'help')}</code>.</p>` : '';
  return `<header class="room-head"><h2 id="room-title">${escapeHtml(view.room.label)}</h2>${menu}</header>${empty}<ol class="messages" aria-labelledby="room-title">${items}</ol>`;
}
