import { escapeHtml } from '../../html/escape.ts';
import { describeAlias } from '../configureAliases.ts';
import type { ConnectionRow } from './connections/gatherConnections.ts';
import { clock, liveForm } from './forms.ts';
import { pageFields, type ConsoleView } from './view.ts';

/** "in 59 min 12 s" / "2 min ago": rewritten every second by the page's script from `data-expires-at`. */
export function countdown(expiresAt: number, now: number): string {
  const seconds = Math.round((expiresAt - now) / 1000);
  const span = Math.abs(seconds);
  const text = span >= 3600 ? `${Math.floor(span / 3600)} h ${Math.floor((span % 3600) / 60)} min` : span >= 60 ? `${Math.floor(span / 60)} min ${span % 60} s` : `${span} s`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

function expiry(row: ConnectionRow, now: number): string {
  if (row.expiresAt === undefined) return '';
  const refresh = row.refreshable ? ', refreshable' : ', no refresh token';
  if (row.expiresAt === 0) return `<dd>no expiry given by the provider${refresh}</dd>`;
  const at = new Date(row.expiresAt);
  return `<dd><time datetime="${at.toISOString()}">${escapeHtml(at.toLocaleDateString('en-CA'))} ${clock(at)}</time> (<span class="countdown" data-expires-at="${row.expiresAt}">${countdown(row.expiresAt, now)}</span>)${refresh}</dd>`;
}

function claims(row: ConnectionRow): string {
  if (row.claimsError !== undefined) return `<p class="muted">ID token: ${escapeHtml(row.claimsError)}</p>`;
  if (row.claims === undefined) return '';
  const items = Object.entries(row.claims)
    .slice(0, 30)
    .map(([name, value]) => {
      const shown = typeof value === 'number' && /^(exp|iat|nbf|auth_time|updated_at)$/.test(name) ? `${value} (${new Date(value * 1000).toISOString()})` : typeof value === 'string' ? value : JSON.stringify(value);
      return `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(shown)}</dd></div>`;
    })
    .join('');
  return `<details class="claims"><summary>ID token claims</summary><dl>${items}</dl></details>`;
}

function buttons(view: ConsoleView, row: ConnectionRow): string {
  const fields = { ...pageFields(view), alias: row.alias, account: row.user.id, ...(row.accountKey === undefined ? {} : { accountKey: row.accountKey }) };
  const who = `${row.user.username}'s ${row.alias}${row.accountKey === undefined ? '' : ` (${row.accountKey})`} connection`;
  const button = (action: string, label: string) => liveForm(`/connections/${action}`, fields, `<button type="submit" class="btn" aria-label="${escapeHtml(`${label} ${who}`)}">${label}</button>`, ' class="inline"');
  if (row.state === 'no client') return '';
  if (row.state === 'not connected' || row.state === 'needs re-authorization') return button('connect', 'Connect');
  return button('refresh', 'Refresh now') + button('expire', 'Expire now') + button('revoke', 'Revoke');
}

function card(view: ConsoleView, row: ConnectionRow): string {
  const state = row.state.replace(/\W+/g, '-');
  const error = row.lastError ? `<p class="error" role="alert">Last error (${escapeHtml(row.lastError.operation)}, ${clock(row.lastError.time)}): ${escapeHtml(row.lastError.text)}</p>` : '';
  const scope = row.scope === undefined ? '' : `<dt>Scopes</dt><dd><code>${escapeHtml(row.scope || '(none)')}</code></dd>`;
  const expires = row.expiresAt === undefined ? '' : `<dt>Expires</dt>${expiry(row, view.now)}`;
  const account = row.accountKey === undefined ? '' : ` <span class="muted">account ${escapeHtml(row.accountKey)}</span>`;
  return `<article class="conn" data-alias="${escapeHtml(row.alias)}" data-user="${escapeHtml(row.user.username)}">
<h3>${escapeHtml(row.user.username)} · ${escapeHtml(row.alias)}${account} <span class="state state-${state}">${escapeHtml(row.state)}</span></h3>
<dl class="facts">${scope}${expires}</dl>${claims(row)}${error}<div class="row">${buttons(view, row)}</div></article>`;
}

/** Per alias: where its credentials come from; per user and account: the connection, without any token. */
export function renderConnections(view: ConsoleView): string {
  if (view.aliases.length === 0) return '<h2>Connections</h2><p class="muted">The app has no OAuth client.</p>';
  const setup = view.aliases
    .map((a) => `<li><strong>${escapeHtml(a.alias)}</strong>: ${escapeHtml(describeAlias(a))}<br><span class="muted">redirect URI ${escapeHtml(a.redirectUri)}</span></li>`)
    .join('');
  return `<h2>Connections</h2><ul class="aliases">${setup}</ul>${view.connections.map((row) => card(view, row)).join('\n')}`;
}
