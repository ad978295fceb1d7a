import type { IHttp, IPersistence, IUser } from '@plugboard/apps-engine';
import { buildRevocationRequests, parseRevocationResponse, type HttpRequestSpec } from '../core/index.ts';
import type { IAuthData } from '../IAuthData.ts';
import { sendBackchannel } from '../transport/backchannel.ts';
import { sendWithRateLimitRetry } from '../transport/rateLimit.ts';
import { keyed } from '../refresh/refresher.ts';
import type { ClientContext } from './context.ts';

/**
 * Tells the provider (RFC 7009 §2.1, or the preset's own style): the refresh token first, then the
 * access token, with the token endpoint's client authentication. `false` when the provider has no
 * revocation endpoint. Throws a typed error when the provider could not be told.
 */
export async function revokeAuth(ctx: ClientContext, http: IHttp, auth: IAuthData): Promise<boolean> {
  const { revocation, tokenEndpoint } = await ctx.endpoints.resolve(http);
  if (revocation.style === 'none') return false;
  const identity = await ctx.credentials();
  const build = async () =>
    buildRevocationRequests({
      revocation,
      accessToken: auth.token,
      ...(auth.refreshToken ? { refreshToken: auth.refreshToken } : {}),
      client: await ctx.authenticate(identity, tokenEndpoint),
      encoding: ctx.profile.encoding,
      headers: ctx.profile.headers,
      allowInsecureHttp: ctx.profile.allowInsecureEndpoints,
    });
  const requests = await build();
  // RFC 7523 §3: an assertion's jti is single-use, so with private_key_jwt every send signs anew.
  const signsEachSend = identity.method === 'private_key_jwt';
  const deadline = ctx.now() + ctx.profile.timeoutMs;
  for (let index = 0; index < requests.length; index += 1) {
    const response = await sendWithRateLimitRetry(async (remainingMs) => {
      const request = (signsEachSend ? (await build())[index] : requests[index]) as HttpRequestSpec;
      return sendBackchannel(http, request, { timeoutMs: remainingMs });
    }, deadline);
    parseRevocationResponse(response, ctx.profile.normalizeRevocationResponse, ctx.now());
  }
  return true;
}

/**
 * Revokes the user's grant, then deletes the local token. A failure to reach the provider throws and
 * keeps the token, so the caller can try again; nothing is lost silently.
 */
export async function revokeUser(ctx: ClientContext, user: IUser, persis: IPersistence, accountKey?: string): Promise<boolean> {
  const stored = await ctx.tokens.read(ctx.read.getPersistenceReader(), user.id, accountKey);
  if (!stored) return false;
  let providerNotified: boolean;
  try {
    providerNotified = await revokeAuth(ctx, ctx.http, stored.auth);
  } catch (error) {
    ctx.reportError('revoke', user.id, error as Error);
    throw error;
  }
  if (!providerNotified) {
    ctx.app.getLogger().warn(`[${ctx.alias}] the provider has no revocation endpoint: the token of user ${user.id} was deleted locally but the provider could not be told`);
  }
  await ctx.tokens.remove(persis, user.id, accountKey);
  ctx.emit('accessTokenRevoked', { userId: user.id, alias: ctx.alias, ...keyed(stored), providerNotified });
  return true;
}
