import type { IConfigurationExtend, IHttp, IJobContext, IModify, IPersistence, IPlugboardSchedulerModify, IRead, IUser } from '@plugboard/apps-engine';
import { sendDirectMessage, updateDirectMessage } from '../chat/directMessage.ts';
import type { Accessors } from '../client/completion.ts';
import { recordFailure, runAuthorizationCallback, storeGrant } from '../client/completion.ts';
import type { ClientContext } from '../client/context.ts';
import { appLocks, backgroundPersistence } from '../client/hostAccess.ts';
import { registerKeyedJobs } from '../client/hostJobs.ts';
import { revokeAuth } from '../client/revoke.ts';
import { describeError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { IBindingConfirmationResult } from '../IOAuth2Client.ts';
import type { BindingStore, StoredBinding } from '../storage/bindingStore.ts';
import { accountLabel } from './accountLabel.ts';
import { bindingCodeDigest, MAX_ATTEMPTS, newBindingCode, sameDigest } from './bindingCode.ts';
import { endedMessage, pendingMessage, type BindingEnd, type BindingWording } from './bindingMessages.ts';

/** Between two sweeps of expired bindings started by use (callbacks, confirmations, new links), per host. */
export const SWEEP_INTERVAL_MS = 60_000;
/** An expired binding whose revocation failed is tried again this much later (doubling), this many times. */
const REVOKE_RETRY_MS = 30_000;
const REVOKE_TRIES = 5;

/** What a held binding gives the callback page. */
export interface HeldBinding {
  code: string;
  expiresAt: number;
}

/**
 * The binding confirmation (SECURITY 25). A callback's token is held, not stored as the user's,
 * until the chat user types the one-time code the callback page showed: the person who opened a
 * forwarded link sees whose chat user the link is for and would have to hand the code over.
 *
 * Expiry never loses a revocation: an unconfirmed binding is revoked at the provider at expiry by a
 * keyed one-time job on the host's scheduler (one per user, run by whichever host is up, so a crash
 * of the host that held it loses nothing), or, where the host runs no jobs, by a timer on the host
 * that held it; and, should that host be gone, by the sweep that any host runs on use (each
 * callback, confirmation and new authorization URL, at most once a minute per host). A failed
 * revocation keeps the record and is tried again (job or timer, and the sweep), with backoff, a few
 * times. A job or timer whose binding was confirmed, rejected or swept meanwhile does nothing.
 */
export class BindingConfirmation {
  private lastSweep = 0;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private scheduler: IPlugboardSchedulerModify | undefined;

  constructor(
    private readonly ctx: ClientContext,
    private readonly store: BindingStore,
  ) {}

  private get processorId(): string {
    return `plugboard-oauth2.${this.ctx.alias}.binding-expiry`;
  }

  /** Registers the expiry job where the host runs keyed jobs (elsewhere: timers and the sweep on use). */
  async setup(configuration: IConfigurationExtend): Promise<void> {
    if (this.ctx.options.bindingConfirmation === false) return;
    this.scheduler = await registerKeyedJobs(this.ctx.app, configuration, [
      {
        id: this.processorId,
        processor: async (job: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) => {
          const { userId } = job as { userId?: unknown };
          if (typeof userId === 'string') await this.expire({ read, modify, http, persis }, userId);
        },
      },
    ]);
  }

  /** Whether a callback of this client must be confirmed: on unless turned off, or the browser is the chat user. */
  required(authenticatedUserId: string | undefined, userId: string): boolean {
    if (this.ctx.options.bindingConfirmation === false) return false;
    // The host authenticated the browser as the very chat user the link was for: nobody else opened it.
    return authenticatedUserId !== userId;
  }

  /**
   * Holds `auth` for `user` under a fresh code (a binding held before for the user is replaced and
   * its token revoked), sends the user the bot's message, and arms the expiry.
   */
  async hold(io: Accessors, user: IUser, auth: IAuthData, accountKey: string | undefined): Promise<HeldBinding> {
    await this.sweep(io);
    const code = newBindingCode();
    const expiresAt = this.ctx.now() + this.ctx.profile.stateTtlMs;
    const account = accountLabel(auth);
    const stored: StoredBinding = {
      userId: user.id,
      expiresAt,
      binding: { auth, codeDigest: bindingCodeDigest(user.id, code), attempts: 0, ...(accountKey === undefined ? {} : { accountKey }), ...(account === undefined ? {} : { account }) },
    };
    await this.withLock(user.id, async () => {
      const previous = await this.store.claim(io.persis, user.id);
      if (previous) await this.end(io, previous, 'replaced');
      await this.store.write(io.persis, stored);
    });
    const messageId = await sendDirectMessage(io.read, io.modify, user, pendingMessage(this.ctx.chat, this.wording(account))).catch((error: unknown) => {
      this.ctx.app.getLogger().warn(`[${this.ctx.alias}] the binding message to user ${user.id} could not be sent: ${describeError(error)}`);
      return undefined;
    });
    if (messageId !== undefined) {
      stored.binding.messageId = messageId;
      await this.withLock(user.id, async () => {
        const current = await this.store.read(io.read.getPersistenceReader(), user.id);
        if (current && current.binding.codeDigest === stored.binding.codeDigest) await this.store.write(io.persis, { ...current, binding: { ...current.binding, messageId } });
      });
    }
    this.ctx.emit('bindingPending', { userId: user.id, alias: this.ctx.alias, expiresAt });
    await this.arm(user.id, expiresAt);
    return { code, expiresAt };
  }

  /** Who signed in for the user's pending binding, when one is pending and the ID token said. */
  async pendingAccount(read: IRead, userId: string): Promise<string | undefined> {
    return (await this.store.read(read.getPersistenceReader(), userId).catch(() => undefined))?.binding.account;
  }

  /** The chat user typed `code`: on a match the held token becomes theirs (events, waiters, `authorizationCallback`). */
  async confirm(io: Accessors, user: IUser, code: string): Promise<IBindingConfirmationResult> {
    await this.sweep(io);
    let settled: StoredBinding | undefined;
    const result = await this.withLock(user.id, async (): Promise<IBindingConfirmationResult> => {
      const stored = await this.store.read(io.read.getPersistenceReader(), user.id);
      if (!stored || stored.binding.revokeFailures !== undefined) return { status: 'none' };
      if (stored.expiresAt <= this.ctx.now()) {
        const claimed = await this.store.claim(io.persis, user.id);
        if (claimed) await this.end(io, claimed, 'expired');
        return { status: 'expired' };
      }
      if (!sameDigest(bindingCodeDigest(user.id, code), stored.binding.codeDigest)) {
        const attempts = stored.binding.attempts + 1;
        if (attempts < MAX_ATTEMPTS) {
          await this.store.write(io.persis, { ...stored, binding: { ...stored.binding, attempts } });
          return { status: 'wrong_code', attemptsLeft: MAX_ATTEMPTS - attempts };
        }
        const claimed = await this.store.claim(io.persis, user.id);
        if (claimed) await this.end(io, claimed, 'too_many_attempts');
        return { status: 'too_many_attempts' };
      }
      settled = await this.store.claim(io.persis, user.id);
      return settled ? { status: 'confirmed', ...(settled.binding.accountKey === undefined ? {} : { accountKey: settled.binding.accountKey }) } : { status: 'none' };
    });
    if (result.status !== 'confirmed' || !settled) return result;
    this.disarm(user.id);
    const { binding } = settled;
    const accepted = await storeGrant(this.ctx, io, user, binding.auth, binding.accountKey);
    await this.updateMessage(io, binding.messageId, binding.account, 'confirmed');
    await runAuthorizationCallback(this.ctx, accepted.auth, user, io, accepted.accountKey);
    return result;
  }

  /** The chat user says the sign-in was not theirs: the held token is revoked and dropped. */
  async reject(io: Accessors, user: IUser): Promise<boolean> {
    const claimed = await this.withLock(user.id, () => this.store.claim(io.persis, user.id));
    if (!claimed || claimed.binding.revokeFailures !== undefined) {
      if (claimed) await this.store.write(io.persis, claimed); // a revocation still to retry stays
      return false;
    }
    await this.end(io, claimed, 'rejected');
    return true;
  }

  /**
   * Revokes every expired binding (and retries due revocations); at most once per interval per
   * host unless `force`d (the expiry timer). Failures are logged: a sweep never breaks its caller.
   */
  async sweep(io: Accessors, force = false): Promise<void> {
    const now = this.ctx.now();
    if (!force && now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    try {
      const due = (await this.store.list(io.read.getPersistenceReader())).filter((entry) => entry.expiresAt <= now);
      for (const { userId } of due) await this.expireDue(io, userId);
    } catch (error) {
      this.ctx.reportError('revoke', 'pending bindings', error as Error);
    }
  }

  /**
   * The expiry job of one user's binding: revoked when due; none (confirmed, rejected, swept): nothing
   * to do; not due yet (a newer binding, a retry planned later): the job comes back at its time.
   */
  private async expire(io: Accessors, userId: string): Promise<void> {
    try {
      const later = await this.expireDue(io, userId);
      if (later !== undefined) await this.arm(userId, later);
    } catch (error) {
      this.ctx.reportError('revoke', userId, error as Error);
    }
  }

  /** Claims and ends the user's binding if it is due; returns the deadline of one not due yet. */
  private expireDue(io: Accessors, userId: string): Promise<number | undefined> {
    return this.withLock(userId, async () => {
      const stored = await this.store.read(io.read.getPersistenceReader(), userId);
      if (!stored) return undefined;
      if (stored.expiresAt > this.ctx.now()) return stored.expiresAt;
      const claimed = await this.store.claim(io.persis, userId);
      if (claimed) await this.end(io, claimed, 'expired');
      return undefined;
    });
  }

  /** Stops the expiry timers of this host (the app is disabled); the sweep of any host takes over. */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * A claimed binding's end: its tokens revoked at the provider, the user's message updated, and
   * waiters told (not for `replaced`: a newer binding is pending). A revocation that fails is kept
   * for the sweep to retry, unless a newer binding took the user's place (then it is logged).
   */
  private async end(io: Accessors, claimed: StoredBinding, end: BindingEnd): Promise<void> {
    const { userId, binding } = claimed;
    this.disarm(userId);
    try {
      await revokeAuth(this.ctx, io.http, binding.auth, userId);
    } catch (error) {
      this.ctx.reportError('revoke', userId, error as Error);
      const failures = (binding.revokeFailures ?? 0) + 1;
      if (end !== 'replaced' && failures < REVOKE_TRIES) {
        const retryAt = this.ctx.now() + REVOKE_RETRY_MS * 2 ** (failures - 1);
        await this.store.write(io.persis, { userId, expiresAt: retryAt, binding: { ...binding, revokeFailures: failures } });
        await this.arm(userId, retryAt);
      } else {
        this.ctx.app.getLogger().error(`[${this.ctx.alias}] an unconfirmed token of user ${userId} could not be revoked at the provider (${failures} tries); it was dropped`);
      }
    }
    if (binding.revokeFailures !== undefined) return; // the user and waiters heard about it the first time
    await this.updateMessage(io, binding.messageId, binding.account, end);
    if (end !== 'replaced') {
      await recordFailure(this.ctx, io, { id: userId }, end === 'expired' ? 'expired' : 'denied');
      // As for a denial at the provider: the app hears that this authorization brought no token.
      const user = await io.read.getUserReader().getById(userId).catch(() => undefined);
      if (user) await runAuthorizationCallback(this.ctx, undefined, user, io);
    }
    if (end !== 'confirmed') this.ctx.emit('bindingEnded', { userId, alias: this.ctx.alias, outcome: end });
  }

  private async updateMessage(io: Accessors, messageId: string | undefined, account: string | undefined, end: BindingEnd): Promise<void> {
    if (messageId === undefined) return;
    await updateDirectMessage(io.read, io.modify, messageId, endedMessage(this.wording(account), end));
  }

  wording(account: string | undefined): BindingWording {
    return {
      appId: this.ctx.appId,
      appName: this.ctx.app.getName(),
      service: this.ctx.options.provider?.id ?? this.ctx.alias,
      minutes: Math.max(1, Math.round(this.ctx.profile.stateTtlMs / 60_000)),
      ...(account === undefined ? {} : { account }),
    };
  }

  /**
   * Expires the binding at `at`: a keyed job on the host's scheduler (any host runs it; scheduling
   * again replaces it), else a timer on this host that does not keep the process alive.
   */
  private async arm(userId: string, at: number): Promise<void> {
    if (this.scheduler) {
      try {
        await this.scheduler.scheduleOnce({ id: this.processorId, key: userId, when: new Date(at + 50), data: { userId } });
        return;
      } catch (error) {
        this.ctx.app.getLogger().warn(`[${this.ctx.alias}] the expiry job of user ${userId}'s binding could not be scheduled (a timer on this host instead): ${describeError(error)}`);
      }
    }
    const persis = backgroundPersistence(this.ctx.app);
    const modify = (this.ctx.app.getAccessors() as { modify?: IModify }).modify;
    if (!persis || !modify) return; // a host without background persistence (Rocket.Chat): the sweep on use
    this.disarm(userId);
    const timer = setTimeout(() => {
      this.timers.delete(userId);
      void this.sweep({ read: this.ctx.read, http: this.ctx.http, persis, modify }, true);
    }, Math.max(0, at - this.ctx.now()) + 50);
    (timer as { unref?: () => void }).unref?.();
    this.timers.set(userId, timer);
  }

  private disarm(userId: string): void {
    const timer = this.timers.get(userId);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(userId);
  }

  /** One change at a time per user, across hosts sharing the store (attempt counts, claims). */
  private async withLock<T>(userId: string, run: () => Promise<T>): Promise<T> {
    const lock = await appLocks(this.ctx.app).acquire(`oauth2-binding:${this.ctx.alias}:${userId}`, { ttlMs: 30_000, waitMs: 10_000 });
    if (!lock) throw new Error('the pending binding is busy; try again');
    try {
      return await run();
    } finally {
      await lock.release();
    }
  }
}

