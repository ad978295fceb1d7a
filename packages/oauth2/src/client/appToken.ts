import { buildClientCredentialsRequest, mergeScopes, parseTokenResponse } from '../core/index.ts';
import { describeError, OAuth2Error, TransportError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import { SingleFlight } from '../refresh/singleFlight.ts';
import { appLocks, backgroundPersistence } from './hostAccess.ts';
import type { AppTokenStore, CachedAppToken } from '../storage/appTokenStore.ts';
import { sendBackchannel, withoutEchoes } from '../transport/backchannel.ts';
import { sendWithRateLimitRetry } from '../transport/rateLimit.ts';
import type { ClientContext } from './context.ts';

/** How long a token the provider gave no lifetime is reused before a new one is asked for. */
export const APP_TOKEN_DEFAULT_LIFETIME_MS = 60 * 60 * 1000;

/**
 * App-level tokens from the client credentials grant (RFC 6749 §4.4), one per scope set: cached in
 * the store until the refresh window, and fetched by one caller at a time across every host
 * sharing the store (a local single flight, then the store lock and a second look under it).
 */
export class AppTokens {
  private readonly flights = new SingleFlight<IAuthData>();
  private readonly inMemory = new Map<string, CachedAppToken>();

  constructor(
    private readonly ctx: ClientContext,
    private readonly store: AppTokenStore,
  ) {}

  async get(scopes?: readonly string[]): Promise<IAuthData> {
    const requested = mergeScopes(scopes);
    const id = this.store.recordId(requested);
    const cached = await this.cached(id);
    if (cached && this.usable(cached)) return cached.auth;
    return this.flights.run(id, () => this.underLock(id, requested));
  }

  /**
   * Usable while more than the refresh window is left, or more than half its life for tokens
   * shorter than twice the window (so a 60 s token is not fetched again on every call).
   */
  private usable(cached: CachedAppToken): boolean {
    const margin = Math.min(this.ctx.profile.refreshWindowMs, (cached.usableUntil - cached.obtainedAt) / 2);
    return cached.usableUntil - this.ctx.now() > margin;
  }

  private async underLock(id: string, scopes: string[]): Promise<IAuthData> {
    const { ctx } = this;
    const timeoutMs = ctx.profile.timeoutMs;
    const lock = await appLocks(ctx.app).acquire(id, { ttlMs: timeoutMs + 5_000, waitMs: 2 * timeoutMs + 5_000 });
    if (!lock) throw this.failed(new TransportError('timeout', 'the app token lock stayed held by another caller past the deadline'));
    try {
      const cached = await this.cached(id);
      if (cached && this.usable(cached)) return cached.auth;
      const auth = await this.request(scopes).catch((error: unknown) => {
        throw this.failed(error as Error);
      });
      const obtainedAt = ctx.now();
      const usableUntil = auth.expiresAt !== 0 ? auth.expiresAt : obtainedAt + APP_TOKEN_DEFAULT_LIFETIME_MS;
      const cache = { auth, obtainedAt, usableUntil };
      const persis = backgroundPersistence(ctx.app);
      // A host without persistence outside handlers (Rocket.Chat): this process keeps it.
      if (persis) await this.store.write(persis, id, cache, obtainedAt);
      else this.inMemory.set(id, cache);
      return auth;
    } finally {
      await lock.release();
    }
  }

  private async request(scopes: string[]): Promise<IAuthData> {
    const { ctx } = this;
    const endpoints = await ctx.endpoints.resolve(ctx.http);
    const identity = await ctx.credentials();
    const deadline = ctx.now() + ctx.profile.timeoutMs;
    // Safe to retry after a 429 (nothing single-use is spent); each send signs its own assertion.
    const response = await sendWithRateLimitRetry(async (remainingMs) => {
      const request = buildClientCredentialsRequest({
        tokenEndpoint: endpoints.tokenEndpoint,
        scopes,
        scopeSeparator: ctx.profile.scopeSeparator,
        client: await ctx.authenticate(identity, endpoints.tokenEndpoint),
        encoding: ctx.profile.encoding,
        headers: ctx.profile.headers,
        allowInsecureHttp: ctx.profile.allowInsecureEndpoints,
      });
      return sendBackchannel(ctx.http, request, { timeoutMs: remainingMs });
    }, deadline);
    const parsed = withoutEchoes(response, () =>
      parseTokenResponse(response, {
        now: ctx.now(),
        grant: 'client_credentials',
        requestedScope: scopes.join(' '),
        ...(ctx.profile.normalizeTokenResponse ? { normalize: ctx.profile.normalizeTokenResponse } : {}),
      }),
    );
    // RFC 6749 §4.4.3: no refresh token belongs to this grant; an app simply asks again.
    const auth: IAuthData = { token: parsed.token, expiresAt: parsed.expiresAt, scope: parsed.scope };
    if (parsed.tokenType) auth.tokenType = parsed.tokenType;
    return auth;
  }

  /**
   * The cached token, or `undefined` when there is none or it cannot be read (sealed under a key no
   * longer configured, in clear under a key): it is a cache, so a new token simply replaces it.
   */
  private async cached(id: string): Promise<CachedAppToken | undefined> {
    const held = this.inMemory.get(id);
    if (held) return held;
    try {
      return await this.store.read(this.ctx.read.getPersistenceReader(), id);
    } catch (error) {
      if (!(error instanceof OAuth2Error && error.code === 'store_error')) throw error;
      this.ctx.app.getLogger().warn(`[${this.ctx.alias}] a cached app token could not be read and is replaced: ${describeError(error)}`);
      return undefined;
    }
  }

  private failed(error: Error): Error {
    this.ctx.app.getLogger().warn(`[${this.ctx.alias}] the app token could not be obtained: ${describeError(error)}`);
    return error;
  }
}
