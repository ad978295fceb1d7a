// The benchmarks that must time one step of the client in isolation reach past the public API here,
// and only here: the client's context (private to OAuth2Client) and the exchange the callback runs.
import type { IUser } from '@plugboard/apps-engine';
import type { IAuthData, OAuth2Client } from '@plugboard/oauth2';
import type { ClientContext } from '../../packages/oauth2/src/client/context.ts';
import { exchangeCode } from '../../packages/oauth2/src/client/exchange.ts';
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
  return { redeem: (code) => exchangeCode(ctx, ctx.http, tokenEndpoint, code, transaction) };
}

/** Writes a token record for a user exactly as the callback would (same store, same record shape). */
export function writeToken(client: OAuth2Client, user: IUser, auth: IAuthData, grantId: string): Promise<void> {
  const ctx = contextOf(client);
  return ctx.tokens.write(ctx.app.getAccessors().persistence, user.id, auth, grantId, ctx.now());
}
