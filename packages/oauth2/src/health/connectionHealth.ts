import type { IModify, IPersistence, IRead } from '@plugboard/apps-engine';
import type { ClientContext } from '../client/context.ts';
import { grantKey, keyed } from '../client/grantKey.ts';
import { appLocks } from '../client/hostAccess.ts';
import { describeError } from '../errors.ts';
import type { StatusStore } from '../storage/statusStore.ts';
import type { StoredToken } from '../storage/tokenStore.ts';
import { connectionStatus, currentRecord, episodeOf, statusFromRecord, type IConnectionStatus, type ReauthReason, type StatusRecord, type TokenFacts, type UnavailableReason } from './connectionStatus.ts';

/** The accessors a chat message needs: a handler's or a job's, else the host's own (Plugboard). */
export interface ChatAccessors {
  read: IRead;
  modify: IModify;
}

/** Why a connection needs the user again, as its caller knows it. */
export interface ReauthInfo {
  reason: ReauthReason;
  /** The provider's code for the event's `error` (`invalid_grant`); default the reason. */
  error?: string;
  /** The grant concerned: its id and scope (its token may already be gone). */
  grantId?: string;
  scope?: string;
  missingScopes?: string[];
}

/** Told once per episode that a user must act: to send them the re-link message. */
export type AttentionListener = (attention: Attention) => Promise<void>;

export interface Attention {
  userId: string;
  accountKey?: string;
  status: IConnectionStatus;
  /** What to ask for: the dead grant's scope, or the missing scopes. */
  scopes: string[];
  persis: IPersistence;
  io?: ChatAccessors;
}

/** How long one re-link message stands for its episode; after it a failing call sends another. */
export const NOTICE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Reasons a user can fix by authorizing again (an administrator fixes refused client credentials). */
const USER_FIXABLE: ReadonlySet<ReauthReason> = new Set(['invalid_grant', 'revoked', 'scopes_missing', 'token_expired']);

export function tokenFacts(stored: StoredToken | undefined): TokenFacts | undefined {
  if (!stored) return undefined;
  const { auth } = stored;
  return { grantId: stored.grantId, updatedAt: stored.updatedAt, scope: auth.scope, expiresAt: auth.expiresAt, hasRefreshToken: Boolean(auth.refreshToken) };
}

/**
 * Connection health per user, alias and account: reads the status, and records transitions in
 * the store so every host sees them. Entering `needs_reauth` (or prompting a user who never
 * connected) is decided under a store lock, so of many failing calls on any host exactly one
 * emits `reauthorizationRequired` and asks for the user's attention (the one re-link message).
 */
export class ConnectionHealth {
  private attention: AttentionListener | undefined;

  constructor(
    private readonly ctx: ClientContext,
    private readonly store: StatusStore,
  ) {}

  /** Who sends the re-link message (set once by the client). */
  onAttention(listener: AttentionListener): void {
    this.attention = listener;
  }

  async status(userId: string, accountKey?: string): Promise<IConnectionStatus> {
    const reader = this.ctx.read.getPersistenceReader();
    const [stored, record] = await Promise.all([this.ctx.tokens.read(reader, userId, accountKey), this.store.read(reader, userId, accountKey)]);
    return { ...connectionStatus(tokenFacts(stored), record, this.ctx.now(), this.ctx.profile.scopeAliases), ...keyed({ accountKey }) };
  }

  /** The stored status record, when it still describes the connection. */
  async current(userId: string, accountKey?: string): Promise<StatusRecord | undefined> {
    const reader = this.ctx.read.getPersistenceReader();
    const [stored, record] = await Promise.all([this.ctx.tokens.read(reader, userId, accountKey), this.store.read(reader, userId, accountKey)]);
    return currentRecord(record, tokenFacts(stored), this.ctx.now(), this.ctx.profile.scopeAliases);
  }

  /** `current`, for a caller that has just read the token (under the refresh lock): only the status is read. */
  private async currentFor(userId: string, stored: StoredToken): Promise<StatusRecord | undefined> {
    const record = await this.store.read(this.ctx.read.getPersistenceReader(), userId, stored.accountKey);
    return currentRecord(record, tokenFacts(stored), this.ctx.now(), this.ctx.profile.scopeAliases);
  }

  /**
   * A refresh began; it may run until `until` (its lease). A token written after it ends the
   * state; a failure continues the status it began in (kept as `prior`: failure counts, the message sent).
   */
  async refreshing(persis: IPersistence, userId: string, stored: StoredToken, until: number): Promise<void> {
    const prior = episodeOf(await this.currentFor(userId, stored));
    const record: StatusRecord = { state: 'refreshing', since: this.ctx.now(), grantId: stored.grantId, until, ...(prior ? { prior } : {}) };
    await this.store.write(persis, userId, record, stored.accountKey);
    this.changed(userId, stored.accountKey, record);
  }

  /** The refresh ended and wrote its token: healthy again (the token's write made the status history). */
  refreshed(userId: string, stored: StoredToken): void {
    this.changed(userId, stored.accountKey, undefined, stored.updatedAt);
  }

  /** The refresh ended without a verdict about the connection: the status it began in comes back. */
  async settled(persis: IPersistence, userId: string, accountKey: string | undefined): Promise<void> {
    const record = await this.store.read(this.ctx.read.getPersistenceReader(), userId, accountKey);
    if (record?.state !== 'refreshing') return;
    if (record.prior) await this.store.write(persis, userId, record.prior, accountKey);
    else await this.store.remove(persis, userId, accountKey);
    this.changed(userId, accountKey, record.prior);
  }

  /**
   * The provider could not be reached or failed (5xx, timeout, 429): the token stays. Counts
   * consecutive failures (for backoff) and resolves with the count.
   */
  async unavailable(persis: IPersistence, userId: string, stored: StoredToken, reason: UnavailableReason, retryAt?: (failures: number) => number): Promise<number> {
    const previous = episodeOf(await this.current(userId, stored.accountKey).catch(() => undefined));
    const failures = previous?.state === 'provider_unavailable' ? (previous.failures ?? 1) + 1 : 1;
    const now = this.ctx.now();
    const record: StatusRecord = { state: 'provider_unavailable', reason, since: previous?.state === 'provider_unavailable' ? previous.since : now, grantId: stored.grantId, failures };
    const at = retryAt?.(failures);
    if (at !== undefined) record.retryAt = at;
    await this.store.write(persis, userId, record, stored.accountKey);
    this.changed(userId, stored.accountKey, record);
    return failures;
  }

  /**
   * Background refresh will try again at `at`: recorded on a `provider_unavailable` status (shown
   * as its `retryAt`); any other status is left alone.
   */
  async retryingAt(persis: IPersistence, userId: string, accountKey: string | undefined, at: number): Promise<void> {
    const record = await this.current(userId, accountKey);
    if (record?.state !== 'provider_unavailable') return;
    const next: StatusRecord = { ...record, retryAt: at };
    await this.store.write(persis, userId, next, accountKey);
    this.changed(userId, accountKey, next);
  }

  /**
   * The connection needs the user (or an administrator). Resolves `true` when this call entered
   * the state: it then emitted `reauthorizationRequired` and, for reasons a user can fix, asked
   * for the user's attention. `false` when the state was already recorded (and its message stands).
   */
  async needsReauth(persis: IPersistence, userId: string, accountKey: string | undefined, info: ReauthInfo, io?: ChatAccessors): Promise<boolean> {
    const record: StatusRecord = { state: 'needs_reauth', reason: info.reason, since: this.ctx.now() };
    if (info.grantId !== undefined) record.grantId = info.grantId;
    if (info.scope !== undefined) record.scope = info.scope;
    if (info.missingScopes !== undefined) record.missingScopes = [...info.missingScopes];
    const fixable = USER_FIXABLE.has(info.reason);
    if (fixable) record.noticeAt = record.since;
    const entered = await this.enter(persis, userId, accountKey, record, (previous) => sameEpisode(previous, record));
    if (!entered) return false;
    const status = statusOf(record, accountKey);
    this.ctx.emit('reauthorizationRequired', { userId, alias: this.ctx.alias, ...keyed({ accountKey }), error: info.error ?? info.reason, reason: info.reason, status });
    this.changed(userId, accountKey, record);
    if (fixable) await this.askAttention({ userId, ...keyed({ accountKey }), status, scopes: scopesToAsk(record), persis, ...(io ? { io } : {}) });
    return true;
  }

  /**
   * A host with no persistence outside handlers (Rocket.Chat) cannot record the state: the app
   * hears of it each time it is found, and no message goes out.
   */
  announce(userId: string, accountKey: string | undefined, info: ReauthInfo): void {
    const status: IConnectionStatus = { state: 'needs_reauth', reason: info.reason, since: this.ctx.now(), ...keyed({ accountKey }) };
    this.ctx.emit('reauthorizationRequired', { userId, alias: this.ctx.alias, ...keyed({ accountKey }), error: info.error ?? info.reason, reason: info.reason, status });
  }

  /**
   * A user who never connected is asked to (a call with `onReauth: 'prompt'`): once per episode,
   * like a re-link. Resolves `true` when this call sent the message.
   */
  async promptConnect(persis: IPersistence, userId: string, accountKey: string | undefined, scopes: string[], io?: ChatAccessors): Promise<boolean> {
    const now = this.ctx.now();
    const record: StatusRecord = { state: 'none', since: now, noticeAt: now, ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}) };
    const entered = await this.enter(persis, userId, accountKey, record, (previous) => previous.state === 'none' && fresh(previous, now));
    if (entered) await this.askAttention({ userId, ...keyed({ accountKey }), status: { state: 'none', ...keyed({ accountKey }) }, scopes, persis, ...(io ? { io } : {}) });
    return entered;
  }

  /** The user revoked, or the app deleted, the connection: no status stays behind. */
  async forget(persis: IPersistence, userId: string, accountKey?: string): Promise<void> {
    await this.store.remove(persis, userId, accountKey);
    this.changed(userId, accountKey, undefined);
  }

  /**
   * Writes `record` unless the current status already is this episode (`same`). Under a store lock
   * per grant, so two hosts failing at once cannot both enter. Without the lock (held too long by
   * another caller) nothing is entered: that caller is entering it.
   */
  private async enter(persis: IPersistence, userId: string, accountKey: string | undefined, record: StatusRecord, same: (previous: StatusRecord) => boolean): Promise<boolean> {
    const lock = await appLocks(this.ctx.app).acquire(`oauth2-status:${this.ctx.alias}:${grantKey(userId, accountKey)}`, { ttlMs: 10_000, waitMs: 10_000 });
    if (!lock) return false;
    try {
      const current = await this.current(userId, accountKey);
      const previous = episodeOf(current);
      if (previous && same(previous)) {
        // Already so (a refresh that began in this state failed again): the state stands as it was.
        if (current !== previous) await this.store.write(persis, userId, previous, accountKey);
        return false;
      }
      await this.store.write(persis, userId, record, accountKey);
      return true;
    } finally {
      await lock.release();
    }
  }

  private async askAttention(attention: Attention): Promise<void> {
    try {
      await this.attention?.(attention);
    } catch (error) {
      this.ctx.app.getLogger().warn(`[${this.ctx.alias}] the re-link message to user ${attention.userId} failed: ${describeError(error)}`);
    }
  }

  private changed(userId: string, accountKey: string | undefined, record: StatusRecord | undefined, since?: number): void {
    const status: IConnectionStatus = record ? statusOf(record, accountKey) : { state: 'connected', ...(since === undefined ? {} : { since }), ...keyed({ accountKey }) };
    this.ctx.emit('connectionStatusChanged', { userId, alias: this.ctx.alias, ...keyed({ accountKey }), status });
  }
}

function statusOf(record: StatusRecord, accountKey: string | undefined): IConnectionStatus {
  return record.state === 'none' ? { state: 'none', ...keyed({ accountKey }) } : { ...statusFromRecord(record), ...keyed({ accountKey }) };
}

function fresh(record: StatusRecord, now: number): boolean {
  return record.noticeAt === undefined || now - record.noticeAt < NOTICE_LIFETIME_MS;
}

/** The same `needs_reauth` episode: the same reason (and missing scopes), with a message that still stands. */
function sameEpisode(previous: StatusRecord, next: StatusRecord): boolean {
  if (previous.state !== 'needs_reauth' || previous.reason !== next.reason) return false;
  if ((previous.missingScopes ?? []).join(' ') !== (next.missingScopes ?? []).join(' ')) return false;
  return next.noticeAt === undefined || fresh(previous, next.since);
}

export function scopesToAsk(record: StatusRecord): string[] {
  if (record.reason === 'scopes_missing') return record.missingScopes ?? [];
  return record.scope ? record.scope.split(' ').filter(Boolean) : [];
}
