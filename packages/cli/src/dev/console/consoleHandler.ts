import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraHandler } from '@plugboard/apps-engine/server';
import { sendPage } from '../../html/headers.ts';
import { sameState } from '../../grant/stateCheck.ts';
import { connectAccount, revokeAccount, runCommand, saveSettings } from './actions.ts';
import type { ConsoleContext } from './context.ts';
import { CONSOLE_CSS } from './css.ts';
import { gatherView } from './gatherView.ts';
import { renderPage } from './renderPage.ts';

const MAX_FORM_BYTES = 64 * 1024;

const ACTIONS: Record<string, (ctx: ConsoleContext, form: URLSearchParams) => Promise<void>> = {
  '/command': runCommand,
  '/settings': saveSettings,
  '/revoke': revokeAccount,
  '/connect': connectAccount,
};

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
 * only to loopback names (its `allowedHosts`), so a DNS-rebound page never reaches it.
 */
export function createConsoleHandler(ctx: ConsoleContext): ExtraHandler {
  return async (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');

    if (req.method === 'GET' && url.pathname === '/') {
      return sendPage(res, 200, renderPage(await gatherView(ctx, url.searchParams.get('user'))), {
        extraCsp: "; form-action 'self'",
        referrerPolicy: 'same-origin',
      });
    }
    if (req.method === 'GET' && url.pathname === '/console.css') {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-store' }).end(CONSOLE_CSS);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/favicon.ico') {
      // Browsers ask on every page (the app's callback pages too); say "none" instead of 404.
      res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
      return;
    }
    const action = ACTIONS[url.pathname];
    if (req.method === 'POST' && action !== undefined) {
      const form = await readForm(req);
      if (form === undefined) return plain(res, 413, 'form too large');
      if (!trustedPost(ctx, req, form)) return plain(res, 403, 'this form did not come from the console');
      await action(ctx, form);
      // Post/Redirect/Get: a reload does not run the command again.
      res.writeHead(303, { location: `/?user=${encodeURIComponent(form.get('user') ?? '')}`, 'cache-control': 'no-store' }).end();
      return;
    }
    next();
  };
}
