import { escapeHtml } from '../../html/escape.ts';
import type { RoomEntry } from './rooms/roomList.ts';
import type { ConsoleView } from './view.ts';

function roomLink(view: ConsoleView, room: RoomEntry): string {
  const current = room.key === view.room?.key ? ' aria-current="page"' : '';
  const unread = room.unread > 0 ? ` <span class="unread" aria-label="${room.unread} unread">${room.unread}</span>` : '';
  const href = `/?user=${encodeURIComponent(view.selected.id)}&room=${encodeURIComponent(room.key)}`;
  return `<li><a href="${escapeHtml(href)}"${current} data-room-key="${escapeHtml(room.key)}">${escapeHtml(room.label)}${unread}</a></li>`;
}

/** The sidebar: direct rooms, then channels. */
export function renderRooms(view: ConsoleView): string {
  const direct = view.rooms.filter((r) => r.kind === 'direct');
  const channels = view.rooms.filter((r) => r.kind !== 'direct');
  const list = (rooms: RoomEntry[]) => (rooms.length === 0 ? '<p class="muted">none</p>' : `<ul>${rooms.map((r) => roomLink(view, r)).join('')}</ul>`);
  return `<h2>Direct messages</h2>${list(direct)}<h2>Channels</h2>${list(channels)}`;
}
