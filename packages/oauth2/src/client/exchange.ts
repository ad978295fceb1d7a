import type { IHttp } from '@plugboard/apps-engine';
import type { ClientCredentials } from '../core/clientAuth.ts';
import { buildCodeExchangeRequest, parseTokenResponse } from '../core/index.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { AuthorizationTransaction } from '../storage/transactionStore.ts';
import { sendBackchannel, withoutEchoes } from '../transport/backchannel.ts';
import type { ClientContext } from './context.ts';

/**
 * Redeems an authorization code exactly once: no retry on any failure, not even a 429
 * (SECURITY 11; RFC 6749 §4.1.2 codes are single-use, a retry could only fail or be replayed).
 */
export async function exchangeCode(
  ctx: ClientContext,
  http: IHttp,
  tokenEndpoint: string,
  code: string,
  transaction: AuthorizationTransaction,
  client: ClientCredentials,
): Promise<IAuthData> {
  const request = buildCodeExchangeRequest({
    tokenEndpoint,
    code,
    redirectUri: transaction.redirectUri,
    codeVerifier: transaction.codeVerifier,
    client: await ctx.authenticate(client, tokenEndpoint),
    encoding: ctx.profile.encoding,
    headers: ctx.profile.headers,
    allowInsecureHttp: ctx.profile.allowInsecureEndpoints,
  });
  const response = await sendBackchannel(http, request, { timeoutMs: ctx.profile.timeoutMs });
  return withoutEchoes(response, () =>
    parseTokenResponse(response, {
      now: ctx.now(),
      grant: 'authorization_code',
      requestedScope: transaction.scopes.join(' '),
      ...(ctx.profile.normalizeTokenResponse ? { normalize: ctx.profile.normalizeTokenResponse } : {}),
    }),
  );
}
