// The benchmarks that must time one step of the client in isolation reach past the public API here,
// and only here: the client's context (private to OAuth2Client) and the exchange the callback runs.
import { plugboardAccessors, type IUser } from '@plugboard/apps-engine';
import type { IAuthData, OAuth2Client } from '@plugboard/oauth2';
import type { ClientContext } from '../../packages/oauth2/src/client/context.ts';
import { exchangeCode } from '../../packages/oauth2/src/client/exchange.ts';
import { buildRefreshRequest, parseTokenResponse } from '../../packages/oauth2/src/core/index.ts';
import { sendBackchannel } from '../../packages/oauth2/src/transport/backchannel.ts';
import type { AuthorizationTransaction } from '../../packages/oauth2/src/storage/transactionStore.ts';

function contextOf(client: OAuth2Client): ClientContext {
  return (client as unknown as { ctx: ClientContext }).ctx;
}

/**
 * Everything the callback endpoint has in hand right before it redeems a code: the pending
 * authorization already claimed for `state`, the token endpoint resolved. `redeem` then runs only
 * the back-channel exchange (build, send through the app's IHttp, parse), as the callback does.
 */
export async function claimForExchange(client: OAuth2Client, state: string): Promise<{ redeem(code: string): Promise<IAuthData> }> {
  const ctx = contextOf(client);
  const transaction: AuthorizationTransaction | undefined = await ctx.transactions.consume(plugboardAccessors(ctx.app)!.persistence, state);
  if (!transaction) throw new Error('no pending authorization for this state');
  const { tokenEndpoint } = await ctx.endpoints.resolve(ctx.http);
  const credentials = await ctx.credentials();
  return { redeem: (code) => exchangeCode(ctx, ctx.http, tokenEndpoint, code, transaction, credentials) };
}

/** Writes a token record for a user exactly as the callback would (same store, same record shape). */
export function writeToken(client: OAuth2Client, user: IUser, auth: IAuthData, grantId: string): Promise<void> {
  const ctx = contextOf(client);
  return ctx.tokens.write(plugboardAccessors(ctx.app)!.persistence, user.id, auth, grantId, ctx.now());
}

/**
 * The refresh request alone, the way the client's refresher sends it (same request builder, same
 * IHttp, same parser), without the store read, the refresh lock and the store write around it.
 */
export async function refreshBackchannelOnly(client: OAuth2Client, refreshToken: string): Promise<IAuthData> {
  const ctx = contextOf(client);
  const { refreshEndpoint } = await ctx.endpoints.resolve(ctx.http);
  const request = buildRefreshRequest({ tokenEndpoint: refreshEndpoint, refreshToken, client: await ctx.credentials(), encoding: ctx.profile.encoding, headers: ctx.profile.headers });
  const response = await sendBackchannel(ctx.http, request, { timeoutMs: ctx.profile.timeoutMs });
  return parseTokenResponse(response, { now: ctx.now(), grant: 'refresh_token' });
}

/** The stages of one callback, in the order they run (the profile table's rows). */
export const CALLBACK_STAGES = [
  'request parsing',
  'state claim',
  'settings and user reads',
  'token request build',
  'HTTP client',
  'response parsing',
  'store write',
  'page rendering and response',
] as const;
export type CallbackStage = (typeof CALLBACK_STAGES)[number];

/**
 * Wraps the client's own objects (not its code) so that `mark(stage)` is called as a callback moves
 * from one stage to the next. Only meaningful with one callback at a time: the profile attributes
 * each CPU sample to the stage marked last before it. Request parsing and page rendering are marked
 * from outside (the HTTP server's diagnostics channels).
 */
export function markCallbackStages(client: OAuth2Client, mark: (stage: CallbackStage) => void): void {
  const ctx = contextOf(client);
  const wrap = <T extends object, K extends keyof T>(target: T, name: K, enter: () => void, exit: () => void) => {
    const original = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
    (target as Record<K, unknown>)[name] = (...args: unknown[]) => {
      enter();
      return original(...args).finally(exit);
    };
  };
  wrap(ctx.transactions, 'consume', () => mark('state claim'), () => {});
  // The user, the endpoints and the client's settings are read at once (Promise.all).
  let reads = 0;
  const enterRead = () => {
    if (reads++ === 0) mark('settings and user reads');
  };
  const exitRead = () => {
    if (--reads === 0) mark('token request build');
  };
  wrap(ctx.read.getUserReader(), 'getById', enterRead, exitRead);
  wrap(ctx.endpoints, 'resolve', enterRead, exitRead);
  wrap(ctx, 'credentials', enterRead, exitRead);
  wrap(ctx.http, 'post', () => mark('HTTP client'), () => mark('response parsing'));
  wrap(ctx.tokens, 'write', () => mark('store write'), () => mark('page rendering and response'));
}
