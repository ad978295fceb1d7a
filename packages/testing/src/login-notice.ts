import type { KoaContextLike } from 'oidc-provider';
import { escapeHtml } from './html.ts';
import type { AccountSpec } from './types.ts';

/** The login prompt's own page (devInteractions), asked again because the check in interaction-policy.ts failed. */
const LOGIN_FORM = '<input type="hidden" name="prompt" value="login"/>';
const UNKNOWN_ACCOUNT = '&#39;unknown_account&#39;';
const TITLE = '<h1>Sign-in</h1>';

/**
 * The devInteractions login page accepts any name and says nothing when it is not an account:
 * it only shows up again. This names the accounts the server has on the login page, and after an
 * unknown name says so (an alert, for screen readers too). The inputs get accessible names.
 */
export function loginNotice(accounts: readonly AccountSpec[]) {
  const names = accounts.map((account) => account.id).join(', ');
  return async (ctx: KoaContextLike, next: () => Promise<void>): Promise<void> => {
    await next();
    const body = ctx.body;
    if (typeof body !== 'string' || !body.includes(LOGIN_FORM)) return;
    const unknown = body.includes(UNKNOWN_ACCOUNT)
      ? `<p role="alert" data-error="unknown_account" style="color:#b00020">That login is not an account on this server. Sign in as one of: ${escapeHtml(names)}.</p>`
      : '';
    ctx.body = body
      .replace(TITLE, `${TITLE}${unknown}<p data-accounts>Accounts: ${escapeHtml(names)} (any password).</p>`)
      .replace('placeholder="Enter any login"', `placeholder="${escapeHtml(names)}" aria-label="Login"`)
      .replace('placeholder="and password"', 'placeholder="any password" aria-label="Password"');
  };
}
