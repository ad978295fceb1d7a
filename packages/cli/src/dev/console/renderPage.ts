import { escapeHtml } from '../../html/escape.ts';
import { hiddenInputs } from './forms.ts';
import { renderRegions, type RegionName, type RenderedRegion } from './regions.ts';
import { pageFields, type ConsoleView } from './view.ts';

function userNav(view: ConsoleView): string {
  return view.users
    .map((u) => {
      const current = u.id === view.selected.id ? ' aria-current="page"' : '';
      return `<a href="/?user=${encodeURIComponent(u.id)}"${current}>${escapeHtml(u.username)}</a>`;
    })
    .join(' ');
}

function region(tag: string, name: RegionName, regions: Record<RegionName, RenderedRegion>, attributes = ''): string {
  const { html, version } = regions[name];
  return `<${tag} data-region="${name}" data-version="${version}"${attributes}>${html}</${tag}>`;
}

function composer(view: ConsoleView): string {
  const target = view.room === undefined ? 'the room' : view.room.label;
  return `<form id="composer" class="composer" method="post" action="/send" data-live>${hiddenInputs(pageFields(view))}
<label for="composer-input" class="visually-hidden">Message ${escapeHtml(target)}; start with / for a slash command</label>
<input id="composer-input" name="text" list="command-list" autocomplete="off" placeholder="Message ${escapeHtml(target)} — type / for commands" required>
<button type="submit" class="btn primary">Send</button></form>`;
}

/**
 * The whole console: rooms, the open room with its composer, and the developer panels (contextual
 * bars, connections, requests, settings). Server-rendered; one script from this origin keeps it
 * live (server-sent events) and sends forms in the background; without it, every form still works.
 */
export function renderPage(view: ConsoleView): string {
  const regions = renderRegions(view);
  const server =
    view.issuer === undefined
      ? ''
      : `<p class="server muted">Bundled authorization server: sign in as alice or bob, any password. <a href="${escapeHtml(`${view.issuer}/session/end`)}" target="_blank" rel="noopener noreferrer">Sign out of it</a></p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.app.name)} · plugboard dev</title>
<link rel="stylesheet" href="/console.css"><script src="/console.js" defer></script></head>
<body data-user="${escapeHtml(view.selected.id)}" data-room="${escapeHtml(view.room?.key ?? '')}" data-csrf="${escapeHtml(view.csrf)}">
<a class="skip" href="#composer-input">Skip to the message box</a>
<header class="top"><h1>${escapeHtml(view.app.name)} <span class="muted">${escapeHtml(view.app.id)} ${escapeHtml(view.app.version)}</span></h1>
<nav aria-label="Chat user">Chat user: ${userNav(view)}</nav>
<span class="live-status muted" role="status" data-live-status>static page</span>${view.watching === true ? ' <span class="muted" data-watching>· reloads on file changes</span>' : ''}${server}</header>
<div class="layout">
${region('nav', 'rooms', regions, ' class="rooms" aria-label="Rooms"')}
<main class="chat">
<div class="scroll" data-scroll>${region('div', 'room', regions)}</div>
${composer(view)}
${region('div', 'commands', regions, ' class="commands"')}
${region('div', 'activity', regions, ' class="notices" role="status" aria-live="polite"')}
</main>
<aside class="side" aria-label="Developer panels">
${region('div', 'bars', regions)}
${region('section', 'connections', regions, ' class="panel" aria-label="Connections"')}
${region('section', 'requests', regions, ' class="panel" aria-label="Requests"')}
${region('section', 'settings', regions, ' class="panel" aria-label="App settings"')}
</aside></div>
${region('div', 'overlay', regions)}
</body></html>`;
}
