import { buildDeviceTokenRequest, classifyDevicePoll, SLOW_DOWN_STEP_SECONDS, type DevicePollOutcome } from '../core/index.ts';
import { plugboardAccessors } from '@plugboard/apps-engine';
import { ConfigurationError, OAuth2Error, TransportError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { AuthorizationFailure } from '../storage/outcomeStore.ts';
import type { DeviceSchedule, DeviceStore, PendingDeviceAuthorization } from '../storage/deviceStore.ts';
import { maskEchoes, sendBackchannel, withoutEchoes } from '../transport/backchannel.ts';
import { acceptGrant, checkIdToken, recordFailure, runAuthorizationCallback, type Accessors } from '../client/completion.ts';
import type { ClientContext } from '../client/context.ts';
import { appLocks } from '../client/hostAccess.ts';
import { deviceCall } from './deviceClient.ts';

/** Polls in a row without an answer double the wait, up to 2^4 intervals (RFC 8628 §3.5). */
const MAX_BACKOFF_DOUBLINGS = 4;

/** When a poll is held by another host, look again this soon (or at the interval, if shorter). */
const CONTENDED_RETRY_MS = 1_000;

type Ending = { token: IAuthData } | { failure: AuthorizationFailure; error?: Error };

/**
 * Polls pending device authorizations (RFC 8628 §3.4-3.5) for every host sharing the store. Each
 * poll takes the device code's store lock without waiting and looks at the record again under it:
 * whoever holds the lock polls, and nobody polls before `nextPollAt`, whichever host wrote it. So
 * several hosts (or a job scheduler running `run` on all of them) never poll one code twice in an
 * interval, and a restarted host picks up where the stopped one left off.
 */
export class DevicePoller {
  constructor(
    private readonly ctx: ClientContext,
    private readonly store: DeviceStore,
  ) {}

  /**
   * Polls every due device authorization; resolves with when the next one falls due. `io`: the
   * accessors a host scheduler's job receives; default the app's own (Plugboard's background accessors).
   */
  async run(io?: Accessors): Promise<number | undefined> {
    let pending: DeviceSchedule[];
    const accessors = io ?? this.backgroundAccessors();
    if (!accessors) {
      this.ctx.warnOnce('device-no-background', 'this host gives apps no accessors outside handlers: device authorizations are polled only when a scheduled job passes its accessors to the poll run');
      return undefined;
    }
    try {
      pending = await this.store.list(accessors.read.getPersistenceReader());
    } catch (error) {
      this.ctx.reportError('device', 'unknown', error as Error);
      return undefined;
    }
    const now = this.ctx.now();
    const next = await Promise.all(pending.map((entry) => (entry.nextPollAt <= now || entry.expiresAt <= now ? this.pollOne(entry.id, accessors) : entry.nextPollAt)));
    return next.reduce<number | undefined>((earliest, at) => (at === undefined || (earliest !== undefined && earliest <= at) ? earliest : at), undefined);
  }

  /** Polls one device authorization if it is due; resolves with its next due time, `undefined` once it ended. */
  async pollOne(id: string, io: Accessors | undefined = this.backgroundAccessors()): Promise<number | undefined> {
    const { ctx } = this;
    if (!io) throw new ConfigurationError('this host gives apps no accessors outside handlers: run device polls from a scheduled job that passes its own');
    const lock = await appLocks(ctx.app).acquire(`oauth2-device:${ctx.alias}:${id}`, { ttlMs: ctx.profile.timeoutMs + 5_000, waitMs: 0 });
    if (!lock) return ctx.now() + CONTENDED_RETRY_MS;
    try {
      return await this.underLock(id, io);
    } finally {
      await lock.release();
    }
  }

  /** Plugboard's accessors outside handlers; a host without them must drive `run` with its job's accessors. */
  private backgroundAccessors(): Accessors | undefined {
    const accessors = plugboardAccessors(this.ctx.app);
    return accessors && { read: accessors.reader, modify: accessors.modify, http: accessors.http, persis: accessors.persistence };
  }

  private async underLock(id: string, io: Accessors): Promise<number | undefined> {
    const { ctx } = this;
    let found: Awaited<ReturnType<DeviceStore['read']>>;
    try {
      found = await this.store.read(io.read.getPersistenceReader(), id);
    } catch (error) {
      if (!(error instanceof OAuth2Error && error.code === 'store_error')) throw error;
      // A device code that cannot be unsealed (the key changed) can never be polled: end it.
      return this.end({ id, userId: 'unknown' } as PendingDeviceAuthorization, { failure: 'failed', error }, io);
    }
    if (!found) return undefined;
    const { pending, deviceCode } = found;
    const now = ctx.now();
    if (pending.expiresAt <= now) return this.end(pending, { failure: 'expired' }, io);
    if (pending.nextPollAt > now) return pending.nextPollAt;
    let outcome: DevicePollOutcome;
    try {
      outcome = await this.poll(pending, deviceCode, io);
    } catch (error) {
      // Misconfigured for now (no client id...): keep the code, an admin may fix it in time.
      ctx.reportError('device', pending.userId, error as Error);
      outcome = { kind: 'unavailable', status: 0 };
    }
    return this.handle(pending, deviceCode, outcome, io);
  }

  private async poll(pending: PendingDeviceAuthorization, deviceCode: string, io: Accessors): Promise<DevicePollOutcome> {
    const { ctx } = this;
    const endpoints = await ctx.endpoints.resolve(io.http);
    const device = ctx.profile.device;
    const request = buildDeviceTokenRequest({
      tokenEndpoint: endpoints.tokenEndpoint,
      deviceCode,
      ...(device.sendScopeWhenPolling ? { scopes: pending.scopes } : {}),
      scopeSeparator: ctx.profile.scopeSeparator,
      ...(device.scopeParameter ? { scopeParameter: device.scopeParameter } : {}),
      ...(await deviceCall(ctx, endpoints.tokenEndpoint)),
    });
    let response;
    try {
      response = await sendBackchannel(io.http, request, { timeoutMs: ctx.profile.timeoutMs });
    } catch (error) {
      if (error instanceof TransportError) return { kind: 'unavailable', status: 0 };
      throw error;
    }
    const outcome = withoutEchoes(response, () =>
      classifyDevicePoll(response, {
        now: ctx.now(),
        requestedScope: pending.scopes.join(' '),
        ...(ctx.profile.normalizeTokenResponse ? { normalize: ctx.profile.normalizeTokenResponse } : {}),
      }),
    );
    if (outcome.kind === 'failed') maskEchoes(response, outcome.error);
    return outcome;
  }

  private async handle(pending: PendingDeviceAuthorization, deviceCode: string, outcome: DevicePollOutcome, io: Accessors): Promise<number | undefined> {
    const now = this.ctx.now();
    switch (outcome.kind) {
      case 'token':
        return this.end(pending, { token: outcome.auth }, io);
      case 'denied':
        return this.end(pending, { failure: 'denied' }, io);
      case 'expired':
        return this.end(pending, { failure: 'expired' }, io);
      case 'failed':
        return this.end(pending, { failure: 'failed', error: outcome.error }, io);
      case 'pending':
        return this.reschedule({ ...pending, failures: 0, nextPollAt: now + pending.intervalMs }, deviceCode, io);
      case 'slow_down': {
        // RFC 8628 §3.5: 5 s more for this and every later poll (or the new interval GitHub sends).
        const intervalMs = Math.max(pending.intervalMs + SLOW_DOWN_STEP_SECONDS * 1000, (outcome.intervalSeconds ?? 0) * 1000);
        return this.reschedule({ ...pending, intervalMs, failures: 0, nextPollAt: now + Math.max(intervalMs, outcome.retryAfterMs ?? 0) }, deviceCode, io);
      }
      case 'unavailable': {
        // RFC 8628 §3.5: on connection trouble, poll less often (exponential backoff).
        const failures = pending.failures + 1;
        const waitMs = pending.intervalMs * 2 ** Math.min(failures, MAX_BACKOFF_DOUBLINGS);
        return this.reschedule({ ...pending, failures, nextPollAt: Math.min(now + waitMs, pending.expiresAt) }, deviceCode, io);
      }
    }
  }

  private async reschedule(pending: PendingDeviceAuthorization, deviceCode: string, io: Accessors): Promise<number | undefined> {
    try {
      await this.store.save(io.persis, pending, deviceCode, false);
    } catch (error) {
      // Removed meanwhile (cancelled, ended elsewhere): nothing left to schedule.
      if ((error as { code?: unknown }).code === 'not_found') return undefined;
      throw error;
    }
    return pending.nextPollAt;
  }

  /**
   * Ends a device authorization exactly once (the removal is a claim), then finishes it as a
   * callback would: the ID token check, `acceptGrant` (identity, account, merge, store, events)
   * and `authorizationCallback`, or the failure record and the callback without a token.
   */
  private async end(pending: PendingDeviceAuthorization, ending: Ending, io: Accessors): Promise<undefined> {
    const { ctx } = this;
    if (!(await this.store.remove(io.persis, pending.id))) return undefined;
    const user = await io.read.getUserReader().getById(pending.userId);
    let token: IAuthData | undefined = 'token' in ending ? ending.token : undefined;
    let failure: AuthorizationFailure | undefined = 'failure' in ending ? ending.failure : undefined;
    if ('error' in ending && ending.error) ctx.reportError('device', pending.userId, ending.error);
    if (token) {
      try {
        const { clientId } = await ctx.credentials();
        await checkIdToken(ctx, io.http, token, { scopes: pending.scopes, ...(pending.issuer ? { issuer: pending.issuer } : {}) }, clientId);
        if (!user) throw new OAuth2Error('not_authorized', 'the chat user this device authorization was started for no longer exists');
      } catch (error) {
        ctx.reportError('device', pending.userId, error as Error);
        token = undefined;
        failure = 'failed';
      }
    }
    if (!user) {
      await recordFailure(ctx, io, { id: pending.userId }, failure ?? 'failed');
      return undefined;
    }
    if (token) {
      const accepted = await acceptGrant(ctx, io, user, token, pending.account);
      await runAuthorizationCallback(ctx, accepted.stored ? accepted.auth : undefined, user, io, accepted.stored ? accepted.accountKey : undefined);
      return undefined;
    }
    await recordFailure(ctx, io, user, failure ?? 'failed');
    await runAuthorizationCallback(ctx, undefined, user, io);
    return undefined;
  }
}
