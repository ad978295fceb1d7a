// The benchmarks that must time one step of the client in isolation reach past the public API here,
// and only here: the client's context (private to OAuth2Client) and the exchange the callback runs.
import type { IUser } from '@plugboard/apps-engine';
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
  const transaction: AuthorizationTransaction | undefined = await ctx.transactions.consume(ctx.app.getAccessors().persistence, state);
  if (!transaction) throw new Error('no pending authorization for this state');
  const { tokenEndpoint } = await ctx.endpoints.resolve(ctx.http);
  const credentials = await ctx.credentials();
  return { redeem: (code) => exchangeCode(ctx, ctx.http, tokenEndpoint, code, transaction, credentials) };
}

/** Writes a token record for a user exactly as the callback would (same store, same record shape). */
export function writeToken(client: OAuth2Client, user: IUser, auth: IAuthData, grantId: string): Promise<void> {
  const ctx = contextOf(client);
  return ctx.tokens.write(ctx.app.getAccessors().persistence, user.id, auth, grantId, ctx.now());
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
