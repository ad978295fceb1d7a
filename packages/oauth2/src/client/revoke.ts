import type { IHttp, IPersistence, IUser } from '@plugboard/apps-engine';
import { buildRevocationRequests, parseRevocationResponse, type HttpRequestSpec } from '../core/index.ts';
import { describeError, ProviderError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import { sendBackchannel, withoutEchoes } from '../transport/backchannel.ts';
import { sendWithRateLimitRetry } from '../transport/rateLimit.ts';
import { keyed } from './grantKey.ts';
import type { ClientContext } from './context.ts';

/** RFC 7009 §2.2: the server considers the token invalid already, i.e. the revocation is done. */
const TOKEN_GONE: ReadonlySet<string> = new Set(['invalid_token', 'invalid_grant']);

/**
 * Tells the provider (RFC 7009 §2.1, or the preset's own style): the refresh token first, then the
 * access token, with the token endpoint's client authentication. `false` when the provider has no
 * revocation endpoint. Throws a typed error when the provider could not be told.
 *
 * Never stuck (SECURITY 29): an answer saying the token is invalid is a success (RFC 7009 §2.2),
 * and once the refresh token is revoked the grant is gone, so an OAuth error about the access token
 * is logged and the revocation counts as done; otherwise a retry would revoke the refresh token
 * again (200, unknown token) and fail on the access token again, for ever.
 */
export async function revokeAuth(ctx: ClientContext, http: IHttp, auth: IAuthData, userId = 'unknown'): Promise<boolean> {
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
  // rfc7009 with a refresh token: two requests, the refresh token's first.
  const refreshFirst = revocation.style === 'rfc7009' && requests.length > 1;
  for (let index = 0; index < requests.length; index += 1) {
    try {
      const response = await sendWithRateLimitRetry(async (remainingMs) => {
        const request = (signsEachSend ? (await build())[index] : requests[index]) as HttpRequestSpec;
        return sendBackchannel(http, request, { timeoutMs: remainingMs });
      }, deadline);
      withoutEchoes(response, () => parseRevocationResponse(response, ctx.profile.normalizeRevocationResponse, ctx.now()));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (TOKEN_GONE.has(error.error)) continue;
      if (!(refreshFirst && index > 0)) throw error;
      ctx.app.getLogger().warn(`[${ctx.alias}] the refresh token of user ${userId} was revoked, the access token's revocation was refused (${describeError(error)}): the grant is gone, the token is deleted`);
    }
  }
  return true;
}

/** Expired and not refreshable: nobody can use it, so nothing a provider answers keeps it. */
function isDead(auth: IAuthData, now: number): boolean {
  return auth.refreshToken === undefined && auth.expiresAt !== 0 && auth.expiresAt <= now;
}

/**
 * Revokes the user's grant, then deletes the local token. A failure to reach the provider throws and
 * keeps a live token, so the caller can try again; nothing is lost silently. A dead token (expired,
 * no refresh token) is deleted whatever the provider answers, and so is one whose revocation the
 * provider says it cannot do (`unsupported_token_type`): retrying could never succeed.
 */
export async function revokeUser(ctx: ClientContext, user: IUser, persis: IPersistence, accountKey?: string): Promise<boolean> {
  const stored = await ctx.tokens.read(ctx.read.getPersistenceReader(), user.id, accountKey);
  if (!stored) return false;
  let providerNotified: boolean;
  try {
    providerNotified = await revokeAuth(ctx, ctx.http, stored.auth, user.id);
  } catch (error) {
    ctx.reportError('revoke', user.id, error as Error);
    const unsupported = error instanceof ProviderError && error.error === 'unsupported_token_type';
    if (!unsupported && !isDead(stored.auth, ctx.now())) throw error;
    providerNotified = false;
  }
  if (!providerNotified) {
    ctx.app.getLogger().warn(`[${ctx.alias}] the provider could not be told: the token of user ${user.id} was deleted locally only`);
  }
  await ctx.tokens.remove(persis, user.id, accountKey);
  ctx.emit('accessTokenRevoked', { userId: user.id, alias: ctx.alias, ...keyed(stored), providerNotified });
  return true;
}
