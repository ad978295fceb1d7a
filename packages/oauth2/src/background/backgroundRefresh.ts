import {
  StartupType,
  type IConfigurationExtend,
  type IHttp,
  type IJobContext,
  type IModify,
  type IPersistence,
  type IPlugboardSchedulerModify,
  type IRead,
} from '@plugboard/apps-engine';
import type { ClientContext } from '../client/context.ts';
import { grantKey, keyed } from '../client/grantKey.ts';
import { appLocks } from '../client/hostAccess.ts';
import { registerKeyedJobs } from '../client/hostJobs.ts';
import { describeError } from '../errors.ts';
import { classifyRefreshFailure } from '../health/connectionStatus.ts';
import type { ConnectionHealth } from '../health/connectionHealth.ts';
import type { Refresher } from '../refresh/refresher.ts';
import { storedFactsOf, type StoredFacts } from '../storage/announcedToken.ts';
import type { StoredToken } from '../storage/tokenStore.ts';
import { dueTask, EARLY_MS, nextRun, type BackgroundTask, type GrantFacts } from './nextRun.ts';
import { Pacer } from './pacer.ts';
import { backgroundProfile, type BackgroundProfile } from './profile.ts';
import { validateToken } from './validate.ts';

/** What a background job carries (no secret: whom it is about, and its bookkeeping). */
interface JobData {
  userId: string;
  accountKey?: string;
  /** Epoch ms of the last successful validation. */
  validatedAt?: number;
  /** The pace slot this run was moved to (it runs without reserving another). */
  slot?: number;
  /** Consecutive failed runs (provider unavailable), for backoff. */
  failures?: number;
  /** The token write (`updatedAt`) the plan was made from, and the task it named. */
  basis?: number;
  task?: BackgroundTask;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/**
 * Background refresh (issue 15 item 2): one keyed job per grant on the host's scheduler (so one
 * pending job per grant across every host), planned from the stored token by `nextRun`: ahead of
 * expiry, before the provider's idle limit, and the provider's required validation. A run takes a
 * pace slot per provider (no storm after a restart), then refreshes through the Refresher, whose
 * single flight and store lock make it the one refresh of that grant on any host; a failure is
 * recorded by ConnectionHealth (a dead grant sends its one re-link message), and the job plans
 * itself again from what is stored now. Every token write (connect, refresh, on any path) plans
 * the grant's job anew.
 */
export class BackgroundRefresh {
  private scheduler: IPlugboardSchedulerModify | undefined;
  private profile: BackgroundProfile | undefined;
  private readonly pacer: Pacer;
  random: () => number = Math.random;

  constructor(
    private readonly ctx: ClientContext,
    private readonly refresher: Refresher,
    private readonly health: ConnectionHealth,
  ) {
    this.pacer = new Pacer(appLocks(ctx.app), ctx.now);
  }

  private get processorId(): string {
    return `plugboard-oauth2.${this.ctx.alias}.background`;
  }

  /** Whether background refresh runs for this client (after `setup`). */
  get active(): boolean {
    return this.scheduler !== undefined;
  }

  /**
   * Registers the job processor, where the host runs keyed jobs and the app did not turn it off.
   * Elsewhere (a Rocket.Chat server, a host that cannot run jobs) nothing is registered: tokens
   * are still refreshed on use.
   */
  async setup(configuration: IConfigurationExtend): Promise<void> {
    const profile = backgroundProfile(this.ctx.options);
    if (!profile) return;
    const scheduler = await registerKeyedJobs(this.ctx.app, configuration, [
      { id: this.processorId, processor: (job: IJobContext, read: IRead, jobModify: IModify, http: IHttp, persis: IPersistence) => this.run(job as unknown as JobData, read, jobModify, http, persis) },
      // Once per start of the deployment (hosts enabling the app together share one run): plans every
      // stored grant, so that grants stored before (or while this was off) are kept alive too.
      { id: `${this.processorId}.sweep`, startupSetting: { type: StartupType.ONETIME, when: 'now' }, processor: async () => {
        await this.sweep();
      } },
    ]);
    if (!scheduler) return;
    this.profile = profile;
    this.scheduler = scheduler;
    const plan = (event: { userId: string; accountKey?: string }): void => this.planSoon(event.userId, event.accountKey, storedFactsOf(event));
    this.ctx.events.on('authorizationCodeExchanged', plan);
    this.ctx.events.on('accessTokenRefreshed', plan);
  }

  /** Grants whose plan waits for the event loop's next turn, with the token written last (if known). */
  private readonly soon = new Map<string, { userId: string; accountKey: string | undefined; facts: StoredFacts | undefined }>();

  /**
   * Plans a grant once the request that wrote its token has answered (off the callback's and the
   * refresh's path), from the token as it was written when the event says so (no read back).
   * Several writes of one grant before then make one plan, from the last.
   */
  private planSoon(userId: string, accountKey: string | undefined, facts: StoredFacts | undefined): void {
    const key = grantKey(userId, accountKey);
    const waiting = this.soon.has(key);
    this.soon.set(key, { userId, accountKey, facts });
    if (waiting) return;
    setImmediate(() => {
      const next = this.soon.get(key);
      this.soon.delete(key);
      if (!next) return;
      const planned = next.facts ? this.planFrom(next.userId, next.accountKey, next.facts) : this.plan(next.userId, next.accountKey);
      void planned.catch((error: unknown) => this.warn(next.userId, 'planning', error));
    });
  }

  /** Plans the grant's next run from the stored token (none stored: nothing to plan). */
  async plan(userId: string, accountKey: string | undefined, bookkeeping: Pick<JobData, 'validatedAt' | 'failures'> = {}): Promise<void> {
    const stored = await this.read(userId, accountKey);
    if (!stored) return;
    await this.planFrom(userId, accountKey, this.facts(stored), bookkeeping);
  }

  /** Plans the grant's next run from what is known of its token (`basis` is the token's write). */
  private async planFrom(userId: string, accountKey: string | undefined, stored: StoredFacts, bookkeeping: Pick<JobData, 'validatedAt' | 'failures'> = {}): Promise<void> {
    if (!this.profile) return;
    const facts: GrantFacts = typeof bookkeeping.validatedAt === 'number' ? { ...stored, validatedAt: bookkeeping.validatedAt } : stored;
    const run = nextRun(facts, this.profile, this.ctx.profile.refreshWindowMs, this.ctx.now(), this.random);
    if (run) await this.at(run.at, { userId, ...keyed({ accountKey }), ...bookkeeping, basis: stored.updatedAt, task: run.task });
  }

  /** Plans every stored grant of this alias, one after another (the scheduler keeps one job per grant). */
  async sweep(): Promise<number> {
    const grants = await this.ctx.tokens.listGrants(this.ctx.read.getPersistenceReader());
    for (const { userId, accountKey } of grants) {
      await this.plan(userId, accountKey).catch((error: unknown) => this.warn(userId, 'planning', error));
    }
    return grants.length;
  }

  private async run(data: JobData, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
    const { userId } = data;
    const accountKey = typeof data.accountKey === 'string' ? data.accountKey : undefined;
    const profile = this.profile;
    if (typeof userId !== 'string' || !profile) return;
    const stored = await this.read(userId, accountKey);
    if (!stored) return; // disconnected or dead: a new connection plans a new job
    const now = this.ctx.now();
    const task = dueTask(data, this.facts(stored, data.validatedAt), profile, this.ctx.profile.refreshWindowMs, now);
    if (!task) {
      // Planned from an older token (a call refreshed it since): plan again from this one.
      await this.plan(userId, accountKey, pick(data));
      return;
    }
    if (!(typeof data.slot === 'number' && data.slot <= now + EARLY_MS)) {
      const slot = await this.pacer.reserve(read.getPersistenceReader(), persis, await this.providerKey(), profile.perMinute);
      if (slot === undefined || slot > now + EARLY_MS) {
        await this.at(slot ?? now + 5_000 * (1 + this.random()), { ...data, ...(slot === undefined ? {} : { slot }) });
        return;
      }
    }
    const io = { read, modify };
    if (task === 'validate' && profile.validation) {
      const verdict = await validateToken(http, profile.validation, stored.auth.token, {
        timeoutMs: this.ctx.profile.timeoutMs,
        headers: this.ctx.profile.headers,
        allowInsecureHttp: this.ctx.profile.allowInsecureEndpoints,
      });
      if (verdict === 'valid') return this.plan(userId, accountKey, { validatedAt: now });
      if (verdict === 'unknown') return this.retry(data, now, persis);
      // The provider no longer takes the token (the user disconnected the app, or it was revoked):
      // a refresh says whether the grant lives; if not, the user gets the re-link message.
    }
    try {
      await this.refresher.replace(userId, persis, accountKey, stored.auth.token, io);
    } catch (error) {
      const verdict = classifyRefreshFailure(error);
      // A dead grant is recorded (and the user told) by the refresher; its token is gone.
      if (verdict?.state === 'needs_reauth' && verdict.reason !== 'client_credentials_refused') return;
      this.warn(userId, 'refresh', error);
      return this.retry(data, now, persis);
    }
    await this.plan(userId, accountKey);
  }

  /** The run failed for now (the provider down, a lock held): again after a growing pause. */
  private async retry(data: JobData, now: number, persis: IPersistence): Promise<void> {
    const failures = (typeof data.failures === 'number' ? data.failures : 0) + 1;
    const pause = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    const { slot: _slot, ...rest } = data;
    const at = Math.round(now + pause * (1 - (this.profile?.jitter ?? 0) * this.random()));
    await this.at(at, { ...rest, failures });
    // getConnectionStatus shows when the next try is (provider_unavailable's retryAt).
    await this.health.retryingAt(persis, data.userId, typeof data.accountKey === 'string' ? data.accountKey : undefined, at).catch(() => {});
  }

  private async at(time: number, data: JobData): Promise<void> {
    await this.scheduler?.scheduleOnce({ id: this.processorId, key: grantKey(data.userId, data.accountKey), when: new Date(time), data: { ...data } });
  }

  private facts(stored: StoredToken, validatedAt?: number): GrantFacts {
    const facts: GrantFacts = { expiresAt: stored.auth.expiresAt, updatedAt: stored.updatedAt, hasRefreshToken: Boolean(stored.auth.refreshToken) };
    if (typeof validatedAt === 'number') facts.validatedAt = validatedAt;
    return facts;
  }

  private read(userId: string, accountKey: string | undefined): Promise<StoredToken | undefined> {
    return this.ctx.tokens.read(this.ctx.read.getPersistenceReader(), userId, accountKey);
  }

  /** The provider a pace slot is counted for: the preset, else the token endpoint's host. */
  private async providerKey(): Promise<string> {
    const preset = this.ctx.options.provider?.id;
    if (preset) return preset;
    try {
      return new URL((await this.ctx.endpoints.resolve(this.ctx.http)).tokenEndpoint).host;
    } catch {
      return this.ctx.alias;
    }
  }

  private warn(userId: string, what: string, error: unknown): void {
    // The host is shutting down: its jobs stay scheduled for the hosts that remain.
    if ((error as { code?: unknown } | undefined)?.code === 'host_closed') return;
    this.ctx.app.getLogger().warn(`[${this.ctx.alias}] background ${what} for user ${userId} failed: ${describeError(error)}`);
  }
}

function pick(data: JobData): Pick<JobData, 'validatedAt' | 'failures'> {
  return { ...(typeof data.validatedAt === 'number' ? { validatedAt: data.validatedAt } : {}), ...(typeof data.failures === 'number' ? { failures: data.failures } : {}) };
}
