import { escapeHtml } from '../../html/escape.ts';
import { clock } from './forms.ts';
import type { ConsoleView } from './view.ts';

const SHOWN = 100;
const ARROWS = { outbound: '→', inbound: '←', browser: '⇢' } as const;
const DIRECTIONS = { outbound: 'the host asked', inbound: 'the host was asked', browser: 'the browser asked' } as const;

/** The request log, newest first: kind, method, redacted URL, status, duration and outcome. */
export function renderRequests(view: ConsoleView): string {
  const items = view.requests
    .slice(0, SHOWN)
    .map(
      (r) => `<li class="req ${r.ok ? 'ok' : 'fail'}" data-kind="${escapeHtml(r.kind)}">
<div><span class="arrow" title="${DIRECTIONS[r.direction]}" aria-label="${DIRECTIONS[r.direction]}">${ARROWS[r.direction]}</span> <strong>${escapeHtml(r.kind)}</strong> <span class="status">${r.status ?? '—'}</span> <span class="muted">${Math.round(r.durationMs)} ms · <time>${clock(r.time)}</time></span> <span class="outcome">${escapeHtml(r.outcome)}</span></div>
<code>${escapeHtml(r.method)} ${escapeHtml(r.url)}</code></li>`,
    )
    .join('');
  const body = items === '' ? '<p class="muted">No requests yet. Authorizations, callbacks, token, refresh, revocation and discovery requests appear here.</p>' : `<ol class="requests">${items}</ol>`;
  return `<h2>Requests</h2>${body}`;
}
