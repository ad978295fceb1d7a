import { escapeHtml } from './html.ts';

/**
 * The sign-out pages (OpenID Connect RP-Initiated Logout, `/session/end`), replacing
 * oidc-provider's defaults, which load a third-party web font and print "you SHOULD change this"
 * notices. Signing out ends the browser's session at this server, so the next authorization asks
 * for a login again (another account); tokens already issued stay valid.
 */

interface PageContext {
  type: string;
  body: unknown;
  host?: string;
}

function page(ctx: PageContext, title: string, content: string): void {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body>${content}</body></html>`;
}

/** The confirmation page; `form` is oidc-provider's hidden form (`op.logoutForm`), already escaped. */
export async function logoutSource(ctx: PageContext, form: string): Promise<void> {
  page(
    ctx,
    'Sign out',
    `<h1>Sign out of this authorization server?</h1>`
      + `<p>The next authorization will ask who you are again. Connections already made stay connected.</p>${form}`
      + `<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button> `
      + `<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
  );
}

export async function postLogoutSuccessSource(ctx: PageContext): Promise<void> {
  page(ctx, 'Signed out', '<h1 data-signed-out>Signed out</h1><p>The next authorization will ask for a login. You can close this tab.</p>');
}
