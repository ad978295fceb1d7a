import type { IUser } from '@plugboard/apps-engine';
import { buildDeviceAuthorizationRequest, parseDeviceAuthorizationResponse, randomToken } from '../core/index.ts';
import { ConfigurationError } from '../errors.ts';
import type { IAuthorizationOptions, IDeviceAuthorization } from '../IOAuth2Client.ts';
import type { DeviceStore, PendingDeviceAuthorization } from '../storage/deviceStore.ts';
import { sendBackchannel, withoutEchoes } from '../transport/backchannel.ts';
import { sendWithRateLimitRetry } from '../transport/rateLimit.ts';
import { accountTarget } from '../client/accounts.ts';
import { requestedScopes } from '../client/authorize.ts';
import type { ClientContext } from '../client/context.ts';
import { appPersistence } from '../client/hostAccess.ts';
import { deviceCall } from './deviceClient.ts';
import type { IDevicePollScheduler } from './pollScheduler.ts';

/**
 * RFC 8628 §3.1-3.3: asks the provider for a device code and a user code for this chat user, keeps
 * the device code (sealed) in the store for the pollers of every host, and returns what the user
 * needs: the code and where to type it. The token then arrives as after a callback.
 */
export async function startDeviceAuthorization(
  ctx: ClientContext,
  store: DeviceStore,
  scheduler: IDevicePollScheduler,
  user: IUser,
  scopes?: string[],
  options?: IAuthorizationOptions,
): Promise<IDeviceAuthorization> {
  const account = accountTarget(options);
  // Before the provider is asked: a device code nobody can store would be lost.
  const persis = options?.persis ?? appPersistence(ctx.app, 'startDeviceAuthorization');
  const endpoints = await ctx.endpoints.resolve(ctx.http);
  const endpoint = endpoints.deviceAuthorizationEndpoint;
  if (!endpoint) {
    throw new ConfigurationError('the provider offers no device authorization endpoint: give deviceAuthorizationUri, a preset with the device grant, or an issuer that advertises one');
  }
  const allScopes = await requestedScopes(ctx, user, scopes, account);
  const deadline = ctx.now() + ctx.profile.timeoutMs;
  // A 429 may be retried: nothing single-use is spent yet (each send signs its own assertion).
  const response = await sendWithRateLimitRetry(async (remainingMs) => {
    const request = buildDeviceAuthorizationRequest({
      endpoint,
      scopes: allScopes,
      scopeSeparator: ctx.profile.scopeSeparator,
      ...(ctx.profile.device.scopeParameter ? { scopeParameter: ctx.profile.device.scopeParameter } : {}),
      ...(await deviceCall(ctx, endpoints.tokenEndpoint)),
    });
    return sendBackchannel(ctx.http, request, { timeoutMs: remainingMs });
  }, deadline);
  const now = ctx.now();
  const grant = withoutEchoes(response, () =>
    parseDeviceAuthorizationResponse(response, {
      now,
      allowInsecureHttp: ctx.profile.allowInsecureEndpoints,
      ...(ctx.profile.device.normalizeResponse ? { normalize: ctx.profile.device.normalizeResponse } : {}),
    }),
  );
  const intervalMs = grant.intervalSeconds * 1000;
  const pending: PendingDeviceAuthorization = {
    id: randomToken(16),
    userId: user.id,
    scopes: allScopes,
    expiresAt: grant.expiresAt,
    intervalMs,
    // RFC 8628 §3.5: the first poll waits one interval too.
    nextPollAt: now + intervalMs,
    failures: 0,
    createdAt: now,
  };
  if (endpoints.issuer) pending.issuer = endpoints.issuer;
  if (account) pending.account = account;
  await store.save(persis, pending, grant.deviceCode);
  scheduler.wake(pending.nextPollAt);
  const started: IDeviceAuthorization = { userCode: grant.userCode, verificationUri: grant.verificationUri, expiresAt: grant.expiresAt, intervalSeconds: grant.intervalSeconds };
  if (grant.verificationUriComplete) started.verificationUriComplete = grant.verificationUriComplete;
  return started;
}
