import type { IUser } from '@plugboard/apps-engine';
import type { IWaitForAccessTokenOptions, IWaitForAccessTokenResult } from '../IOAuth2Client.ts';
import type { OAuth2Listener } from '../events/events.ts';
import type { IAuthData } from '../IAuthData.ts';
import { accountKeyOf } from './accounts.ts';
import type { ClientContext } from './context.ts';

/** How often the store is polled for a callback completed on another host. */
export const WAIT_POLL_MS = 300;

/**
 * Resolves when the user's next authorization completes: at once when this host ran the callback
 * (the in-process event), within a poll interval when another host sharing the store did (the
 * stored grant id changes). A denial, a failed exchange or an expired device code ends the wait
 * too, with `failure` set. The chat-bot flow: start waiting, post the link, then act. Start
 * waiting before posting the link: an authorization that ends before the wait began is not new.
 *
 * Accounts: without `account`, any of the user's accounts under this alias counts (an extra
 * account added on another host is announced by its outcome record); with `account`, only that one.
 */
export async function waitForAccessToken(ctx: ClientContext, user: IUser, options: IWaitForAccessTokenOptions = {}): Promise<IWaitForAccessTokenResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const accountKey = accountKeyOf(options);
  options.signal?.throwIfAborted();
  const reader = ctx.read.getPersistenceReader();
  const [before, beforeOutcome] = await Promise.all([
    ctx.tokens.read(reader, user.id, accountKey).catch(() => undefined),
    ctx.outcomes.read(reader, user.id).catch(() => undefined),
  ]);

  return new Promise<IWaitForAccessTokenResult>((resolve, reject) => {
    let settled = false;
    let polling = false;
    const finish = (outcome: IWaitForAccessTokenResult | { error: unknown }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poller);
      ctx.events.off('authorizationCodeExchanged', onSettled);
      ctx.events.off('authorizationFailed', onSettled);
      options.signal?.removeEventListener('abort', onAbort);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome);
    };
    const check = async (): Promise<void> => {
      if (polling || settled) return;
      polling = true;
      try {
        const [now, outcome] = await Promise.all([ctx.tokens.read(reader, user.id, accountKey), ctx.outcomes.read(reader, user.id)]);
        const fresh = outcome && outcome.id !== beforeOutcome?.id ? outcome : undefined;
        if (now && now.grantId !== before?.grantId) finish(completed(now.auth, accountKey));
        else if (fresh?.failure) finish({ timedOut: false, failure: fresh.failure });
        else if (fresh?.accountKey !== undefined && accountKey === undefined) {
          const added = await ctx.tokens.read(reader, user.id, fresh.accountKey);
          if (added) finish(completed(added.auth, fresh.accountKey));
        }
      } catch {
        // The store is unreachable for now: keep waiting, the deadline still holds.
      } finally {
        polling = false;
      }
    };
    const onSettled: OAuth2Listener<'authorizationCodeExchanged' | 'authorizationFailed'> = (event) => {
      if (event.userId === user.id) void check();
    };
    const onAbort = (): void => finish({ error: options.signal?.reason });
    const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    const poller = setInterval(() => void check(), WAIT_POLL_MS);
    ctx.events.on('authorizationCodeExchanged', onSettled);
    ctx.events.on('authorizationFailed', onSettled);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Aborted while the first read was in flight: the listener above came too late to hear it.
    if (options.signal?.aborted) onAbort();
  });
}

function completed(auth: IAuthData, accountKey: string | undefined): IWaitForAccessTokenResult {
  return accountKey === undefined ? { timedOut: false, result: auth } : { timedOut: false, result: auth, accountKey };
}
