import { plugboardAccessors, type IModify, type IPersistence, type IRead, type IUser } from '@plugboard/apps-engine';
import { scopesCover } from '../core/scopes.ts';
import { ConfigurationError, OAuth2Error, ReauthorizationRequiredError } from '../errors.ts';
import type { ConnectionHealth } from '../health/connectionHealth.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { IAccountOptions } from '../IOAuth2Client.ts';
import type { Refresher } from '../refresh/refresher.ts';
import type { StoredToken } from '../storage/tokenStore.ts';
import { accountKeyOf } from './accounts.ts';
import type { ClientContext } from './context.ts';
import { backgroundPersistence } from './hostAccess.ts';
import { isUnauthorized } from './unauthorized.ts';
import { waitForAccessToken } from './wait.ts';

export interface IWithAccessTokenOptions extends IAccountOptions {
  /**
   * What happens when the connection needs the user (none, `needs_reauth`, or the provider answered
   * 401 and a refresh could not fix it): `'throw'` (default) rejects with a `ReauthorizationRequiredError`
   * (the re-link message still goes out once per episode); `'prompt'` sends the user the re-link
   * (or connect) message, waits for the new token on any host, and runs `fn` again with it.
   */
  onReauth?: 'prompt' | 'throw';
  /** How long `'prompt'` waits for the user, in ms. Default 300 000 (5 minutes). */
  deadlineMs?: number;
  /** Scopes `fn` needs: a grant without them is `scopes_missing`, and the prompt asks for just those. */
  scopes?: string[];
  /** A handler's accessors, for a host that gives apps none outside handlers (Rocket.Chat). */
  read?: IRead;
  modify?: IModify;
  persis?: IPersistence;
  signal?: AbortSignal;
  /** Which outcomes of `fn` mean the provider refused the token. Default: an HTTP 401 (see README). */
  isUnauthorized?: (outcome: { result?: unknown; error?: unknown }) => boolean;
}

const DEFAULT_DEADLINE_MS = 5 * 60_000;
const MAX_RUNS = 4;

type Outcome<T> = { result: T } | { error: unknown };

/**
 * Runs `fn` with the user's token (issue 15 item 4). A 401 first forces one refresh (another caller
 * may have refreshed already: then its token is used) and runs `fn` again; a token the provider
 * refuses even fresh is `revoked` (deleted; the user must re-link). With `onReauth: 'prompt'`, a
 * connection that needs the user is re-linked in chat and `fn` runs once more with the new token,
 * so a slash command completes without being typed again. Each `fn` run gets a token that was
 * good when it started; at most one refresh and one re-link per call.
 */
export async function withAccessToken<T>(
  ctx: ClientContext,
  refresher: Refresher,
  health: ConnectionHealth,
  user: IUser,
  fn: (token: IAuthData) => Promise<T> | T,
  options: IWithAccessTokenOptions = {},
): Promise<T> {
  const accountKey = accountKeyOf(options);
  const deadline = ctx.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const unauthorized = options.isUnauthorized ?? isUnauthorized;
  const persis = options.persis ?? backgroundPersistence(ctx.app);
  const io = options.read && options.modify ? { read: options.read, modify: options.modify } : undefined;
  const required = options.scopes ?? [];
  // A host without persistence or chat outside handlers (Rocket.Chat): without the handler's, a 401
  // could not be refreshed away, and a prompt would never reach the user while the call waited.
  if (!persis) throw new ConfigurationError("this host gives apps no persistence outside handlers: pass the handler's persis to withAccessToken");
  if (options.onReauth === 'prompt' && !io && !plugboardAccessors(ctx.app)) {
    throw new ConfigurationError("onReauth: 'prompt' on this host needs the handler's read and modify (to send the re-link message)");
  }
  let refreshed = false;
  let relinked = false;

  /** The connection needs the user: prompt and wait (once), else throw. */
  const needUser = async (cause: unknown, deadGrant: string | undefined): Promise<IAuthData> => {
    if (options.onReauth !== 'prompt' || relinked) throw asReauthError(cause);
    relinked = true;
    return waitForRelink(ctx, health, user, accountKey, deadGrant, required, deadline, persis, io, options.signal);
  };

  let token = await refresher.current(user.id, persis, accountKey, io).catch((error: unknown) => (error instanceof ReauthorizationRequiredError ? undefined : Promise.reject(error)));
  let stored = await read(ctx, user.id, accountKey);
  if (token && stored && required.length > 0 && !scopesCover(token.scope, required, ctx.profile.scopeAliases)) {
    const missing = required.filter((scope) => !scopesCover(token!.scope, [scope], ctx.profile.scopeAliases));
    await health.needsReauth(persis, user.id, accountKey, { reason: 'scopes_missing', grantId: stored.grantId, scope: token.scope, missingScopes: missing }, io);
    token = await needUser(new OAuth2Error('not_authorized', `the grant lacks the scopes ${missing.join(' ')}`), stored.grantId);
  }
  if (!token) token = await needUser(new OAuth2Error('not_authorized', 'the user has no usable token for this alias'), undefined);

  // At most: the first run, one after another caller's new token, one after our refresh, one after a re-link.
  for (let runs = 1; ; runs += 1) {
    options.signal?.throwIfAborted();
    if (runs > MAX_RUNS) throw new ReauthorizationRequiredError({ error: 'invalid_token', error_description: 'the provider kept refusing fresh tokens (HTTP 401)', status: 401 });
    const outcome: Outcome<T> = await Promise.resolve()
      .then(() => fn(token!))
      .then((result) => ({ result }), (error: unknown) => ({ error }));
    if (!unauthorized(outcome)) {
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    }
    // RFC 6750 §3.1: the provider refused this token.
    stored = await read(ctx, user.id, accountKey);
    if (stored && stored.auth.token !== token.token) {
      token = stored.auth; // another caller replaced it meanwhile
      continue;
    }
    if (!refreshed && stored?.auth.refreshToken) {
      refreshed = true;
      try {
        const fresh = await refresher.replace(user.id, persis, accountKey, token.token, io);
        if (fresh) {
          token = fresh;
          continue;
        }
      } catch (error) {
        if (!(error instanceof ReauthorizationRequiredError)) throw error;
        token = await needUser(error, stored.grantId);
        continue;
      }
    }
    // Refused even fresh, or nothing could refresh it: the grant is revoked; the token goes.
    const grantId = stored?.grantId;
    if (stored && (await ctx.tokens.remove(persis, user.id, accountKey))) {
      await health.needsReauth(persis, user.id, accountKey, { reason: 'revoked', error: 'invalid_token', grantId: stored.grantId, scope: stored.auth.scope }, io);
    }
    token = await needUser(new ReauthorizationRequiredError({ error: 'invalid_token', error_description: 'the provider refused the access token (HTTP 401)', status: 401 }), grantId);
  }
}

function read(ctx: ClientContext, userId: string, accountKey: string | undefined): Promise<StoredToken | undefined> {
  return ctx.tokens.read(ctx.read.getPersistenceReader(), userId, accountKey);
}

/**
 * Asks the user (the re-link or connect message, once per episode) and waits for a new token of
 * another grant than the dead one, on any host, until the deadline. A token that arrived before the
 * wait began (a quick user, another host) is taken at once.
 */
async function waitForRelink(
  ctx: ClientContext,
  health: ConnectionHealth,
  user: IUser,
  accountKey: string | undefined,
  deadGrant: string | undefined,
  required: readonly string[],
  deadline: number,
  persis: IPersistence | undefined,
  io: { read: IRead; modify: IModify } | undefined,
  signal: AbortSignal | undefined,
): Promise<IAuthData> {
  const usable = (stored: StoredToken | undefined): IAuthData | undefined =>
    stored && stored.grantId !== deadGrant && scopesCover(stored.auth.scope, required, ctx.profile.scopeAliases) ? stored.auth : undefined;
  const waiting = waitForAccessToken(ctx, user, { ...(accountKey === undefined ? {} : { account: accountKey }), timeoutMs: Math.max(0, deadline - ctx.now()), ...(signal ? { signal } : {}) });
  const already = usable(await read(ctx, user.id, accountKey));
  if (already) {
    waiting.catch(() => {});
    return already;
  }
  // A user who never connected (or whose token is gone without a recorded episode) is asked too.
  const status = await health.status(user.id, accountKey);
  if (status.state !== 'needs_reauth' && persis) {
    await health.promptConnect(persis, user.id, accountKey, [...required], io);
  }
  const outcome = await waiting;
  if (outcome.timedOut) throw new OAuth2Error('reauthorization_timeout', 'the user did not re-link before the deadline');
  if (outcome.failure) throw new OAuth2Error('reauthorization_timeout', `the re-link ended without a token (${outcome.failure})`);
  const arrived = usable(await read(ctx, user.id, accountKey));
  if (!arrived) throw new OAuth2Error('not_authorized', 'the new authorization does not grant what the call needs');
  return arrived;
}

function asReauthError(cause: unknown): Error {
  if (cause instanceof OAuth2Error) return cause;
  return new OAuth2Error('not_authorized', 'the connection needs the user to authorize again', { cause });
}
