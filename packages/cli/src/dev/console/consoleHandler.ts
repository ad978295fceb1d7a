import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraHandler } from '@plugboard/apps-engine/server';
import { sendPage } from '../../html/headers.ts';
import { sameState } from '../../grant/stateCheck.ts';
import { connectConnection, expireConnection, refreshConnection, revokeConnection } from './actions/connections.ts';
import { actionButton, blockAction, closeView, submitView } from './actions/interact.ts';
import { send } from './actions/send.ts';
import { saveSettings } from './actions/settings.ts';
import type { ConsoleContext } from './context.ts';
import { CONSOLE_CSS } from './css.ts';
import { gatherView } from './gatherView.ts';
import { renderRegions } from './regions.ts';
import { renderPage } from './renderPage.ts';
import { CONSOLE_JS } from './script.ts';

const MAX_FORM_BYTES = 64 * 1024;

const ACTIONS: Record<string, (ctx: ConsoleContext, form: URLSearchParams) => Promise<void>> = {
  '/send': send,
  '/action': blockAction,
  '/view/submit': submitView,
  '/view/close': closeView,
  '/button': actionButton,
  '/connections/connect': connectConnection,
  '/connections/refresh': refreshConnection,
  '/connections/expire': expireConnection,
  '/connections/revoke': revokeConnection,
  '/settings': saveSettings,
};

/** The console's page: scripts, styles, fetches and forms from this origin only. */
const PAGE_OPTIONS = {
  extraCsp: "; script-src 'self'; connect-src 'self'; form-action 'self'",
  referrerPolicy: 'same-origin',
} as const;

/** Headers of the console's script, stylesheet and JSON: never cached, never sniffed. */
function asset(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(body);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(text);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A form post must come from the console itself: the per-process token proves the page was
 * rendered here, and the Origin (sent by browsers on POST) must be this origin. Without these, any
 * web page open in the same browser could run commands or change settings (CSRF).
 */
function trustedPost(ctx: ConsoleContext, req: IncomingMessage, form: URLSearchParams): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return false;
  return sameState(form.get('csrf') ?? '', ctx.csrf);
}

/**
 * The web console at `/`, mounted on the host for every path outside /api/apps/. The host answers
 * only to loopback names (its `allowedHosts`), so a DNS-rebound page never reaches it. GETs only
 * read: nothing is created, refreshed or sent on a page load.
 */
export function createConsoleHandler(ctx: ConsoleContext): ExtraHandler {
  return async (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const query = url.searchParams;

    if (req.method === 'GET') {
      switch (url.pathname) {
        case '/':
          return sendPage(res, 200, renderPage(await gatherView(ctx, query.get('user'), query.get('room'))), PAGE_OPTIONS);
        case '/regions': {
          // Same-origin only: no CORS header, so no other site can read it.
          const view = await gatherView(ctx, query.get('user'), query.get('room'));
          return asset(res, 'application/json', JSON.stringify({ room: view.room?.key ?? '', regions: renderRegions(view) }));
        }
        case '/events':
          return ctx.live.open(req, res);
        case '/console.css':
          return asset(res, 'text/css', CONSOLE_CSS);
        case '/console.js':
          return asset(res, 'text/javascript', CONSOLE_JS);
        case '/favicon.ico':
          // Browsers ask on every page (the app's callback pages too); say "none" instead of 404.
          res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
          return;
      }
    }
    const action = ACTIONS[url.pathname];
    if (req.method === 'POST' && action !== undefined) {
      const form = await readForm(req);
      if (form === undefined) return plain(res, 413, 'form too large');
      if (!trustedPost(ctx, req, form)) return plain(res, 403, 'this form did not come from the console');
      await action(ctx, form);
      if (req.headers['x-plugboard-console'] === '1') {
        // The page's script sent it: the page updates itself from the live events.
        res.writeHead(204, { 'cache-control': 'no-store' }).end();
        return;
      }
      // Post/Redirect/Get: a reload does not run the command again.
      const back = new URLSearchParams({ user: form.get('user') ?? '', ...(form.get('room') ? { room: form.get('room') ?? '' } : {}) });
      res.writeHead(303, { location: `/?${back}`, 'cache-control': 'no-store' }).end();
      return;
    }
    next();
  };
}
