import { escapeHtml } from '../../html/escape.ts';
import { renderAccounts } from './renderAccounts.ts';
import { renderCommandForm, renderMessages } from './renderChat.ts';
import { renderSettings } from './renderSettings.ts';
import type { ConsoleView } from './view.ts';

function userNav(view: ConsoleView): string {
  return view.users
    .map((u) => {
      const current = u.id === view.selected.id ? ' aria-current="page"' : '';
      return `<a href="/?user=${encodeURIComponent(u.id)}"${current}>${escapeHtml(u.username)}</a>`;
    })
    .join('');
}

/** The whole console page: server-rendered, no scripts, styles from /console.css only. */
export function renderPage(view: ConsoleView): string {
  const issuer =
    view.issuer === undefined
      ? ''
      : `<span class="muted">bundled authorization server ${escapeHtml(view.issuer)}: sign in as alice or bob, any password</span>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.app.name)} · plugboard dev</title>
<link rel="stylesheet" href="/console.css"></head>
<body><header><h1>${escapeHtml(view.app.name)} <span class="muted">${escapeHtml(view.app.id)} ${escapeHtml(view.app.version)}</span></h1>
<nav aria-label="chat user">Chat user: ${userNav(view)}</nav>${issuer}</header>
<main><div>${renderCommandForm(view)}${renderMessages(view)}</div>
<div>${renderAccounts(view)}${renderSettings(view)}</div></main></body></html>`;
}
