import type { ILock, IPersistence } from '@plugboard/apps-engine';
import type { ClientContext } from '../client/context.ts';
import { grantKey, keyed } from '../client/grantKey.ts';
import { appLocks } from '../client/hostAccess.ts';
import type { ServerEndpoints } from '../client/serverEndpoints.ts';
import type { ClientCredentials } from '../core/clientAuth.ts';
import { buildRefreshRequest, mergeRefreshedToken, parseTokenResponse } from '../core/index.ts';
import { describeError, OAuth2Error, ProviderError, ReauthorizationRequiredError, TransportError } from '../errors.ts';
import type { ChatAccessors, ConnectionHealth } from '../health/connectionHealth.ts';
import { classifyRefreshFailure } from '../health/connectionStatus.ts';
import type { IAuthData } from '../IAuthData.ts';
import { announceStored } from '../storage/announcedToken.ts';
import type { StoredToken } from '../storage/tokenStore.ts';
import { sendBackchannel, withoutEchoes } from '../transport/backchannel.ts';
import { sendWithRateLimitRetry } from '../transport/rateLimit.ts';
import { RefreshLease, refreshLeaseMs } from './lease.ts';
import { SingleFlight } from './singleFlight.ts';

/** How long a write of a refresh's answer waits before it tries again (the store was down). */
const WRITE_RETRY_MS = 150;

/** What a token request needs besides the refresh token, resolved before the lease starts. */
interface Prepared {
  endpoints: ServerEndpoints;
  identity: ClientCredentials;
}

/**
 * Refreshes tokens so that one refresh runs per user and alias across every host sharing the store
 * (SECURITY 19): callers in this process share one flight; flights on different hosts take the
 * store's lock and re-read the token once they hold it, because the holder before them may have
 * refreshed already. With rotating refresh tokens a second refresh would kill the grant.
 */
export class Refresher {
  private readonly flights = new SingleFlight<IAuthData | undefined>();

  constructor(
    private readonly ctx: ClientContext,
    private readonly health: ConnectionHealth,
  ) {}

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
   * `refreshUserAccessToken(user, persis)`. `io` (a handler's or a job's accessors) is where a
   * re-link message goes when the grant turns out dead.
   */
  async current(userId: string, persis: IPersistence | undefined, accountKey?: string, io?: ChatAccessors): Promise<IAuthData | undefined> {
    let stored = await this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), userId, accountKey);
    if (!stored) return undefined;
    if (stored.legacy && persis) stored = await this.migrate(userId, persis, stored);
    if (this.isDead(stored)) return this.dropDead(userId, persis, stored, io);
    if (!this.needsRefresh(stored)) return stored.auth;
    if (!persis) {
      this.ctx.warnOnce('no-refresh-store', 'a due token was not refreshed: this host gives apps no persistence outside handlers, and a refreshed token it could not store would lose the grant; call refreshUserAccessToken(user, persis) from a handler');
      return stored.auth.expiresAt > this.ctx.now() ? stored.auth : undefined;
    }
    try {
      return await this.flights.run(grantKey(userId, accountKey), () => this.underLock(userId, accountKey, persis, stored.auth.token, false, io));
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
  private async dropDead(userId: string, persis: IPersistence | undefined, stored: StoredToken, io?: ChatAccessors): Promise<undefined> {
    const dead = { reason: 'token_expired', grantId: stored.grantId, scope: stored.auth.scope } as const;
    // The removal is a claim: of several callers (on any host) one tells the app. A host without
    // persistence here cannot remove it: every caller hears it then.
    if (!persis) this.health.announce(userId, stored.accountKey, dead);
    else if (await this.ctx.tokens.remove(persis, userId, stored.accountKey)) await this.health.needsReauth(persis, userId, stored.accountKey, dead, io);
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
  async force(userId: string, persis: IPersistence, accountKey?: string, io?: ChatAccessors): Promise<IAuthData | undefined> {
    const seen = await this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), userId, accountKey);
    if (!seen) return undefined;
    return this.replace(userId, persis, accountKey, seen.auth.token, io);
  }

  /**
   * Refreshes now unless the stored token is no longer `seenToken` (another caller, on any host,
   * replaced it meanwhile: that one is returned). For callers that saw a token fail (a 401) or
   * come due (background refresh).
   */
  replace(userId: string, persis: IPersistence, accountKey: string | undefined, seenToken: string, io?: ChatAccessors): Promise<IAuthData | undefined> {
    return this.flights.run(grantKey(userId, accountKey), () => this.underLock(userId, accountKey, persis, seenToken, true, io));
  }

  private async underLock(userId: string, accountKey: string | undefined, persis: IPersistence, seenToken: string, force: boolean, io: ChatAccessors | undefined): Promise<IAuthData | undefined> {
    const { ctx } = this;
    const timeoutMs = ctx.profile.timeoutMs;
    // Outside the lease: discovery has a deadline of its own, and the lease is for the refresh.
    let prepared: Prepared;
    try {
      const [endpoints, identity] = await Promise.all([ctx.endpoints.resolve(ctx.http), ctx.credentials()]);
      prepared = { endpoints, identity };
    } catch (error) {
      ctx.reportError('refresh', userId, error as Error);
      throw error;
    }
    const leaseMs = refreshLeaseMs(timeoutMs);
    const lock = await appLocks(ctx.app).acquire(`oauth2-refresh:${ctx.alias}:${grantKey(userId, accountKey)}`, {
      // Longer than the token request's deadline, so a live holder never loses it while waiting for
      // the provider; a crashed holder's lock frees itself soon after.
      ttlMs: leaseMs,
      waitMs: leaseMs + timeoutMs,
    });
    if (!lock) {
      const error = new TransportError('timeout', 'the refresh lock stayed held by another caller past the deadline');
      ctx.reportError('refresh', userId, error);
      throw error;
    }
    const lease = new RefreshLease(lock, ctx.now(), timeoutMs, ctx.now);
    try {
      const stored = await ctx.tokens.read(ctx.read.getPersistenceReader(), userId, accountKey);
      if (!stored) return undefined;
      const replaced = stored.auth.token !== seenToken;
      if (replaced || (!force && !this.needsRefresh(stored))) return stored.auth;
      return await this.refresh(userId, persis, stored, prepared, lease, io);
    } finally {
      await this.release(lock, userId, lease);
    }
  }

  /**
   * Frees the refresh lock. A release that fails (the store down just then) changes nothing the
   * caller gets: the answer, once written, is the outcome, and the lock frees itself when its
   * lease ends. It is logged (the error's name and code only, SECURITY 22), not thrown.
   */
  private async release(lock: ILock, userId: string, lease: RefreshLease): Promise<void> {
    try {
      await lock.release();
    } catch (error) {
      const { ctx } = this;
      const leftMs = Math.max(0, lease.end - ctx.now());
      ctx.app.getLogger().warn(`[${ctx.alias}] releasing the refresh lock of user ${userId} failed (it frees itself when its lease ends, in ${leftMs} ms): ${describeError(error)}`);
    }
  }

  private async refresh(userId: string, persis: IPersistence, stored: StoredToken, prepared: Prepared, lease: RefreshLease, io: ChatAccessors | undefined): Promise<IAuthData> {
    const { ctx } = this;
    const previous = stored.auth;
    if (!previous.refreshToken) {
      const error = new OAuth2Error('not_authorized', 'the stored token has no refresh token; the user must authorize again');
      ctx.reportError('refresh', userId, error);
      throw error;
    }
    let fresh: IAuthData;
    try {
      await this.health.refreshing(persis, userId, stored, lease.end);
      fresh = await this.requestRefresh(prepared, previous.refreshToken, previous.scope, lease.requestDeadline());
    } catch (error) {
      await this.failed(userId, persis, stored, error, io);
      throw error;
    }
    // The provider answered. With rotation, the only refresh token that still works is in this
    // answer: it is written before anything else runs, and only while the lease holds (another
    // holder past our lease would refresh with the old token, and we would overwrite its answer).
    const merged = mergeRefreshedToken(previous, fresh);
    let updatedAt: number;
    try {
      updatedAt = await this.writeWhileHeld(persis, userId, merged, stored, lease);
    } catch (error) {
      ctx.reportError('refresh', userId, error as Error);
      throw error;
    }
    const event = {
      userId,
      alias: ctx.alias,
      ...keyed(stored),
      scope: merged.scope,
      expiresAt: merged.expiresAt,
      rotated: fresh.refreshToken !== undefined && fresh.refreshToken !== previous.refreshToken,
    };
    ctx.emit('accessTokenRefreshed', announceStored(event, { expiresAt: merged.expiresAt, updatedAt, hasRefreshToken: Boolean(merged.refreshToken) }));
    this.health.refreshed(userId, { ...stored, auth: merged, updatedAt });
    return merged;
  }

  /**
   * Writes a refresh's answer, retrying a failed write (the store restarting) for as long as the
   * lease holds; resolves with the write time. A lost lease writes nothing: `lease_lost`.
   */
  private async writeWhileHeld(persis: IPersistence, userId: string, auth: IAuthData, stored: StoredToken, lease: RefreshLease): Promise<number> {
    let failure: unknown;
    for (;;) {
      const held = await lease.held();
      if (held === 'lost') {
        throw new OAuth2Error('lease_lost', 'the refresh lock lapsed before the new token was written; nothing was written', failure === undefined ? undefined : { cause: failure });
      }
      if (held === 'held') {
        const now = this.ctx.now();
        try {
          await this.ctx.tokens.write(persis, userId, auth, stored.grantId, now, stored.accountKey);
          return now;
        } catch (error) {
          failure = error;
        }
      }
      if (!lease.hasTimeFor(WRITE_RETRY_MS)) {
        throw failure ?? new OAuth2Error('lease_lost', 'the refresh lock could not be checked before its lease ended; nothing was written');
      }
      await new Promise((resolve) => setTimeout(resolve, WRITE_RETRY_MS));
    }
  }

  /** Records what a failed refresh says about the connection, then reports it (SECURITY 20). */
  private async failed(userId: string, persis: IPersistence, stored: StoredToken, error: unknown, io: ChatAccessors | undefined): Promise<void> {
    const { ctx } = this;
    const verdict = classifyRefreshFailure(error);
    const grant = { grantId: stored.grantId, scope: stored.auth.scope };
    const code = error instanceof ProviderError ? { error: error.error } : {};
    try {
      if (verdict?.state === 'needs_reauth' && verdict.reason === 'invalid_grant') {
        // SECURITY 20: the grant is dead; keep nothing that pretends otherwise. The removal is a claim.
        if (await ctx.tokens.remove(persis, userId, stored.accountKey)) {
          await this.health.needsReauth(persis, userId, stored.accountKey, { reason: 'invalid_grant', ...code, ...grant }, io);
        }
      } else if (verdict?.state === 'needs_reauth') {
        // The provider refused the client, not the grant: the token stays for when the settings are fixed.
        await this.health.needsReauth(persis, userId, stored.accountKey, { reason: verdict.reason, ...code, ...grant }, io);
      } else if (verdict?.state === 'provider_unavailable') {
        await this.health.unavailable(persis, userId, stored, verdict.reason);
      } else {
        await this.health.settled(persis, userId, stored.accountKey);
      }
    } catch (statusError) {
      ctx.app.getLogger().warn(`[${ctx.alias}] recording the failed refresh of user ${userId} failed: ${describeError(statusError)}`);
    }
    ctx.reportError('refresh', userId, error as Error);
  }

  private async requestRefresh({ endpoints, identity }: Prepared, refreshToken: string, scope: string, deadline: number): Promise<IAuthData> {
    const { ctx } = this;
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
