import type { IUser } from '@plugboard/apps-engine';
import type { IWaitForAccessTokenOptions, IWaitForAccessTokenResult } from '../IOAuth2Client.ts';
import type { OAuth2Listener } from '../events/events.ts';
import type { ClientContext } from './context.ts';

/** How often the store is polled for a callback completed on another host. */
export const WAIT_POLL_MS = 300;

/**
 * Resolves when the user's next authorization completes: at once when this host ran the callback
 * (the in-process event), within a poll interval when another host sharing the store did (the
 * stored grant id changes). A denial or a failed exchange ends the wait too, with `failure` set.
 * The chat-bot flow: start waiting, post the link, then act. Start waiting before posting the
 * link: a callback that lands before the wait began is not seen as new.
 */
export async function waitForAccessToken(ctx: ClientContext, user: IUser, options: IWaitForAccessTokenOptions = {}): Promise<IWaitForAccessTokenResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  options.signal?.throwIfAborted();
  const reader = ctx.read.getPersistenceReader();
  const [before, beforeOutcome] = await Promise.all([
    ctx.tokens.read(reader, user.id).catch(() => undefined),
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
        const [now, outcome] = await Promise.all([ctx.tokens.read(reader, user.id), ctx.outcomes.read(reader, user.id)]);
        if (now && now.grantId !== before?.grantId) finish({ timedOut: false, result: now.auth });
        else if (outcome && outcome.id !== beforeOutcome?.id) finish({ timedOut: false, failure: outcome.failure });
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
