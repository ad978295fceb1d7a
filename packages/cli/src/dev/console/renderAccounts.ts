import { escapeHtml } from '../../html/escape.ts';
import { describeExpiry } from '../../tokens/expiry.ts';
import { describeAlias } from '../configureAliases.ts';
import type { AccountRow } from './accounts.ts';
import type { ConsoleView } from './view.ts';

/** A button posting one account's row to `/revoke` or `/connect`. */
function accountButton(view: ConsoleView, row: AccountRow, action: 'revoke' | 'connect'): string {
  return `<form method="post" action="/${action}" class="inline">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}"><input type="hidden" name="user" value="${escapeHtml(view.selected.id)}">
<input type="hidden" name="alias" value="${escapeHtml(row.alias)}"><input type="hidden" name="account" value="${escapeHtml(row.user.id)}">
<button type="submit">${action === 'revoke' ? 'Revoke' : 'Connect'}</button></form>`;
}

function rowAction(view: ConsoleView, row: AccountRow): string {
  if (row.status === 'connected') return accountButton(view, row, 'revoke');
  return row.status === 'not connected' ? accountButton(view, row, 'connect') : '';
}

function details(row: AccountRow): string {
  switch (row.status) {
    case 'connected':
      return `<code>${escapeHtml(row.scope || '(no scope)')}</code><br><span class="muted">${escapeHtml(describeExpiry(row.expiresAt ?? 0))}${row.hasRefreshToken ? ', refreshable' : ''}</span>`;
    case 'error':
      return `<span class="muted">${escapeHtml(row.error ?? '')}</span>`;
    case 'no client':
      return '<span class="muted">no OAuth client with this alias on the app instance</span>';
    default:
      return '';
  }
}

export function renderAccounts(view: ConsoleView): string {
  if (view.aliases.length === 0) return '';
  const setup = view.aliases
    .map(
      (a) =>
        `<li><strong>${escapeHtml(a.alias)}</strong>: ${escapeHtml(describeAlias(a))}<br><span class="muted">redirect URI ${escapeHtml(a.redirectUri)}; real credentials: ${escapeHtml(a.envNames.clientId)}, ${escapeHtml(a.envNames.clientSecret)}</span></li>`,
    )
    .join('');
  const rows = view.accounts
    .map(
      (r) => `<tr data-alias="${escapeHtml(r.alias)}" data-user="${escapeHtml(r.user.username)}"><td>${escapeHtml(r.user.username)}</td><td>${escapeHtml(r.alias)}</td>
<td class="status-${r.status.replace(/\s/g, '-')}">${escapeHtml(r.status)}</td><td>${details(r)}</td><td>${rowAction(view, r)}</td></tr>`,
    )
    .join('\n');
  return `<section><h2>Connected accounts</h2><ul>${setup}</ul>
<table id="accounts"><thead><tr><th>User</th><th>Alias</th><th>Status</th><th>Scope / expiry</th><th></th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}
