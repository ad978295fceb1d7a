import type { IPersistence } from '@plugboard/apps-engine';
import type { ClientContext } from '../client/context.ts';
import { appLocks } from '../client/hostAccess.ts';
import { buildRefreshRequest, mergeRefreshedToken, parseTokenResponse } from '../core/index.ts';
import { OAuth2Error, ReauthorizationRequiredError, TransportError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { StoredToken } from '../storage/tokenStore.ts';
import { sendBackchannel, withoutEchoes } from '../transport/backchannel.ts';
import { sendWithRateLimitRetry } from '../transport/rateLimit.ts';
import { SingleFlight } from './singleFlight.ts';

/**
 * Refreshes tokens so that one refresh runs per user and alias across every host sharing the store
 * (SECURITY 19): callers in this process share one flight; flights on different hosts take the
 * store's lock and re-read the token once they hold it, because the holder before them may have
 * refreshed already. With rotating refresh tokens a second refresh would kill the grant.
 */
export class Refresher {
  private readonly flights = new SingleFlight<IAuthData | undefined>();

  constructor(private readonly ctx: ClientContext) {}

  /** Whether the token expires within the refresh window and can be refreshed (SECURITY 17). */
  needsRefresh(stored: StoredToken): boolean {
    const { expiresAt, refreshToken } = stored.auth;
    return refreshToken !== undefined && expiresAt !== 0 && expiresAt - this.ctx.now() <= this.ctx.profile.refreshWindowMs;
  }

  /**
   * The token to use now: refreshed first when due. `persis` is `undefined` on a host that gives
   * apps no persistence outside handlers (Rocket.Chat): then nothing is written, and a due token is
   * not refreshed, because a refreshed token that cannot be stored would be lost, and with it a
   * rotating provider's whole grant. It is served while it lasts (logged once); a handler calls
   * `refreshUserAccessToken(user, persis)`.
   */
  async current(userId: string, persis: IPersistence | undefined, accountKey?: string): Promise<IAuthData | undefined> {
    let stored = await this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), userId, accountKey);
    if (!stored) return undefined;
    if (stored.legacy && persis) stored = await this.migrate(userId, persis, stored);
    if (this.isDead(stored)) return this.dropDead(userId, persis, stored);
    if (!this.needsRefresh(stored)) return stored.auth;
    if (!persis) {
      this.ctx.warnOnce('no-refresh-store', 'a due token was not refreshed: this host gives apps no persistence outside handlers, and a refreshed token it could not store would lose the grant; call refreshUserAccessToken(user, persis) from a handler');
      return stored.auth.expiresAt > this.ctx.now() ? stored.auth : undefined;
    }
    try {
      return await this.flights.run(flightKey(userId, accountKey), () => this.underLock(userId, accountKey, persis, stored.auth.token, false));
    } catch (error) {
      // A token that has not expired yet is still good: serve it; the next call refreshes again.
      if (!(error instanceof ReauthorizationRequiredError) && stored.auth.expiresAt > this.ctx.now()) return stored.auth;
      throw error;
    }
  }

  /** Expired, and no refresh token to get another: not a token anyone can use. */
  private isDead(stored: StoredToken): boolean {
    const { expiresAt, refreshToken } = stored.auth;
    return refreshToken === undefined && expiresAt !== 0 && expiresAt <= this.ctx.now();
  }

  /**
   * An expired token without a refresh token is not handed out as if it worked: it is deleted and
   * the app hears `reauthorizationRequired` (error `token_expired`) once, so it can ask the user to
   * connect again. Providers give refresh tokens for `offline_access` (OpenID Connect) or their
   * own parameter (Google's `access_type=offline`, which the preset sends).
   */
  private async dropDead(userId: string, persis: IPersistence | undefined, stored: StoredToken): Promise<undefined> {
    const { ctx } = this;
    // The removal is a claim: of several callers (on any host) one tells the app. A host without
    // persistence here cannot remove it: every caller hears it then.
    if (!persis || (await ctx.tokens.remove(persis, userId, stored.accountKey))) {
      ctx.emit('reauthorizationRequired', { userId, alias: ctx.alias, ...keyed(stored), error: 'token_expired' });
    }
    return undefined;
  }

  /**
   * Rewrites a token Rocket.Chat's own client stored in this client's shape (absolute expiry, a
   * grant id), so that it is neither taken as long expired nor as eternal (see TokenStore); and one
   * sealed under an older key (key rotation) with the newest key.
   */
  private migrate(userId: string, persis: IPersistence, stored: StoredToken): Promise<StoredToken> {
    return this.ctx.tokens.rewrite(persis, userId, stored);
  }

  /** Refreshes now, unless another caller replaced the token since this call began. */
  async force(userId: string, persis: IPersistence, accountKey?: string): Promise<IAuthData | undefined> {
    const seen = await this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), userId, accountKey);
    if (!seen) return undefined;
    return this.flights.run(flightKey(userId, accountKey), () => this.underLock(userId, accountKey, persis, seen.auth.token, true));
  }

  private async underLock(userId: string, accountKey: string | undefined, persis: IPersistence, seenToken: string, force: boolean): Promise<IAuthData | undefined> {
    const { ctx } = this;
    const timeoutMs = ctx.profile.timeoutMs;
    const lock = await appLocks(ctx.app).acquire(`oauth2-refresh:${ctx.alias}:${flightKey(userId, accountKey)}`, {
      ttlMs: timeoutMs + 5_000, // outlives one refresh, so a crashed holder frees it soon after
      waitMs: 2 * timeoutMs + 5_000,
    });
    if (!lock) {
      const error = new TransportError('timeout', 'the refresh lock stayed held by another caller past the deadline');
      ctx.reportError('refresh', userId, error);
      throw error;
    }
    try {
      const stored = await ctx.tokens.read(ctx.read.getPersistenceReader(), userId, accountKey);
      if (!stored) return undefined;
      const replaced = stored.auth.token !== seenToken;
      if (replaced || (!force && !this.needsRefresh(stored))) return stored.auth;
      return await this.refresh(userId, persis, stored);
    } finally {
      await lock.release();
    }
  }

  private async refresh(userId: string, persis: IPersistence, stored: StoredToken): Promise<IAuthData> {
    const { ctx } = this;
    const previous = stored.auth;
    try {
      if (!previous.refreshToken) {
        throw new OAuth2Error('not_authorized', 'the stored token has no refresh token; the user must authorize again');
      }
      const fresh = await this.requestRefresh(previous.refreshToken, previous.scope);
      const merged = mergeRefreshedToken(previous, fresh);
      await ctx.tokens.write(persis, userId, merged, stored.grantId, ctx.now(), stored.accountKey);
      ctx.emit('accessTokenRefreshed', {
        userId,
        alias: ctx.alias,
        ...keyed(stored),
        scope: merged.scope,
        expiresAt: merged.expiresAt,
        rotated: fresh.refreshToken !== undefined && fresh.refreshToken !== previous.refreshToken,
      });
      return merged;
    } catch (error) {
      if (error instanceof ReauthorizationRequiredError) {
        // SECURITY 20: the grant is dead; keep nothing that pretends otherwise.
        await ctx.tokens.remove(persis, userId, stored.accountKey);
        ctx.emit('reauthorizationRequired', { userId, alias: ctx.alias, ...keyed(stored), error: error.error });
      }
      ctx.reportError('refresh', userId, error as Error);
      throw error;
    }
  }

  private async requestRefresh(refreshToken: string, scope: string): Promise<IAuthData> {
    const { ctx } = this;
    const endpoints = await ctx.endpoints.resolve(ctx.http);
    const identity = await ctx.credentials();
    // Built per send: a 429 retry with private_key_jwt needs a fresh assertion (single-use jti).
    const request = async () =>
      buildRefreshRequest({
        tokenEndpoint: endpoints.refreshEndpoint,
        refreshToken,
        ...(ctx.profile.sendScopeOnRefresh && scope ? { scopes: scope.split(' ') } : {}),
        scopeSeparator: ctx.profile.scopeSeparator,
        client: await ctx.authenticate(identity, endpoints.tokenEndpoint),
        encoding: ctx.profile.encoding,
        headers: ctx.profile.headers,
        allowInsecureHttp: ctx.profile.allowInsecureEndpoints,
      });
    const deadline = ctx.now() + ctx.profile.timeoutMs;
    const response = await sendWithRateLimitRetry(async (remainingMs) => sendBackchannel(ctx.http, await request(), { timeoutMs: remainingMs }), deadline);
    return withoutEchoes(response, () =>
      parseTokenResponse(response, {
        now: ctx.now(),
        grant: 'refresh_token',
        requestedScope: scope,
        ...(ctx.profile.normalizeTokenResponse ? { normalize: ctx.profile.normalizeTokenResponse } : {}),
      }),
    );
  }
}

/** One flight and one lock per user and account; the default account keeps its historic key. */
function flightKey(userId: string, accountKey: string | undefined): string {
  return accountKey === undefined ? userId : `${userId}#${encodeURIComponent(accountKey)}`;
}

/** The `accountKey` of an event about a stored token, present only for extra accounts. */
export function keyed(stored: { accountKey?: string }): { accountKey?: string } {
  return stored.accountKey === undefined ? {} : { accountKey: stored.accountKey };
}
