import type { EntityLike, KoaContextLike } from 'oidc-provider';
import type { TokenRequestRecord } from './types.ts';

/** The log keeps this many records, the oldest dropped first. */
const MAX_RECORDS = 100_000;

/**
 * One record per token request: which grant it was about, which rotation of the grant's refresh
 * token it presented, who sent it (User-Agent) and how it ended. Runs as oidc-provider middleware
 * like the counters; the record is complete before the response is written. No token or secret is
 * recorded.
 */
export class TokenLog {
  #records: TokenRequestRecord[] = [];
  /** Requests during which the provider revoked their grant (`grant.revoked`), and the grant. */
  readonly #revoked = new WeakMap<object, string>();

  get records(): readonly TokenRequestRecord[] {
    return [...this.#records];
  }

  reset(): void {
    this.#records = [];
  }

  /** oidc-provider's `grant.revoked` listener: remembers which request revoked which grant. */
  readonly onGrantRevoked = (ctx: unknown, grantId: unknown): void => {
    if (typeof ctx === 'object' && ctx !== null && typeof grantId === 'string') this.#revoked.set(ctx, grantId);
  };

  readonly middleware = async (ctx: KoaContextLike, next: () => Promise<void>): Promise<void> => {
    const receivedAt = Date.now();
    await next();
    if (ctx.oidc?.route !== 'token') return;
    if (this.#records.length >= MAX_RECORDS) this.#records.shift();
    this.#records.push(this.#record(ctx, receivedAt));
  };

  #record(ctx: KoaContextLike, receivedAt: number): TokenRequestRecord {
    const entities = ctx.oidc?.entities ?? {};
    const grantType = ctx.oidc?.params?.grant_type;
    // With rotation the presented token is kept as RotatedRefreshToken and RefreshToken is the new one.
    const presented: EntityLike | undefined = entities.RotatedRefreshToken ?? entities.RefreshToken;
    const source = grantType === 'refresh_token' ? presented : (entities.AuthorizationCode ?? entities.DeviceCode);
    const grantId = source?.grantId ?? entities.Grant?.jti;
    const accountId = entities.Account?.accountId ?? source?.accountId;
    const body = typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as Record<string, unknown>) : {};
    const userAgent = ctx.get('user-agent');
    const revoked = this.#revoked.get(ctx);
    return {
      receivedAt,
      answeredAt: Date.now(),
      grantType: typeof grantType === 'string' ? grantType : '',
      ...(grantId !== undefined ? { grantId } : {}),
      ...(accountId !== undefined ? { accountId } : {}),
      ...(grantType === 'refresh_token' && presented !== undefined ? { refreshTokenRotation: presented.rotations ?? 0 } : {}),
      status: ctx.status,
      ...(typeof body.error === 'string' ? { error: body.error } : {}),
      ...(typeof body.error_description === 'string' ? { errorDescription: body.error_description } : {}),
      ...(userAgent ? { userAgent } : {}),
      grantRevoked: revoked !== undefined,
    };
  }
}
