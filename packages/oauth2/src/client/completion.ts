import type { IHttp, IModify, IPersistence, IRead, IUser } from '@plugboard/apps-engine';
import { randomToken } from '../core/random.ts';
import { describeError, OAuth2Error } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import { verifyIdToken } from '../oidc/idToken.ts';
import { announceStored } from '../storage/announcedToken.ts';
import type { AuthorizationFailure } from '../storage/outcomeStore.ts';
import { resolveAccountKey, type AccountTarget } from './accounts.ts';
import type { ClientContext } from './context.ts';
import { mergeWithStoredGrant } from './grantMerge.ts';
import { revokeAuth } from './revoke.ts';

/**
 * The end of an authorization, whichever grant brought the token (a callback's code, a device
 * code): the same checks, the same record, the same events and the same `authorizationCallback`.
 */

export interface Accessors {
  read: IRead;
  modify: IModify;
  http: IHttp;
  persis: IPersistence;
}

export type GrantRefusal = 'identity_refused' | 'account_mismatch' | 'no_account_key';

export type GrantAcceptance = { stored: true; auth: IAuthData; accountKey?: string } | { stored: false; refusal: GrantRefusal };

/**
 * Checks and stores a new token for `user`: `checkGrant`, then `storeGrant`. A refused token is
 * revoked at the provider (best effort), stored nowhere, and recorded as a denial for waiters.
 */
export async function acceptGrant(ctx: ClientContext, io: Accessors, user: IUser, token: IAuthData, target: AccountTarget): Promise<GrantAcceptance> {
  const checked = await checkGrant(ctx, io, user, token, target);
  if ('refusal' in checked) return { stored: false, refusal: checked.refusal };
  return storeGrant(ctx, io, user, token, checked.accountKey);
}

/**
 * `verifyIdentity`, then the account key: where a new token of `user` goes, or why it goes nowhere
 * (then it is already revoked and the failure recorded for waiters).
 */
export async function checkGrant(ctx: ClientContext, io: Accessors, user: IUser, token: IAuthData, target: AccountTarget): Promise<{ accountKey?: string } | { refusal: GrantRefusal }> {
  let refusal: GrantRefusal | undefined;
  let accountKey: string | undefined;
  if (ctx.options.verifyIdentity && !(await identityAccepted(ctx, token, user))) {
    refusal = 'identity_refused';
  } else {
    const resolution = await resolveAccountKey(ctx, io.http, token, user, target);
    if ('refused' in resolution) refusal = resolution.refused;
    else accountKey = resolution.accountKey;
  }
  if (refusal) {
    await revokeAuth(ctx, io.http, token, user.id).catch((error: unknown) => ctx.reportError('revoke', user.id, error as Error));
    await recordFailure(ctx, io, user, refusal === 'no_account_key' ? 'failed' : 'denied');
    return { refusal };
  }
  return accountKey === undefined ? {} : { accountKey };
}

/** The merge with the stored grant and the write, as the user's; emits `authorizationCodeExchanged`. */
export async function storeGrant(ctx: ClientContext, io: Accessors, user: IUser, token: IAuthData, accountKey: string | undefined): Promise<GrantAcceptance & { stored: true }> {
  const auth = await mergeWithStoredGrant(ctx, io.read.getPersistenceReader(), user.id, token, accountKey);
  const now = ctx.now();
  await ctx.tokens.write(io.persis, user.id, auth, randomToken(16), now, accountKey);
  const keyed = accountKey === undefined ? {} : { accountKey };
  const event = { userId: user.id, alias: ctx.alias, scope: auth.scope, expiresAt: auth.expiresAt, ...keyed };
  ctx.emit('authorizationCodeExchanged', announceStored(event, { expiresAt: auth.expiresAt, updatedAt: now, hasRefreshToken: Boolean(auth.refreshToken) }));
  if (accountKey !== undefined) {
    // Waiters on other hosts learn which account was added (the default record they watch did not change).
    await ctx.outcomes.record(io.persis, user.id, { id: randomToken(16), at: now, accountKey }, ctx.profile.stateTtlMs)
      .catch((error: unknown) => ctx.reportError('callback', user.id, error as Error));
  }
  return { stored: true, auth, ...keyed };
}

/** Lets waiters on every host stop at once; a store failure here must not hide the outcome. */
export async function recordFailure(ctx: ClientContext, io: Accessors, user: Pick<IUser, 'id'>, failure: AuthorizationFailure): Promise<void> {
  ctx.emit('authorizationFailed', { userId: user.id, alias: ctx.alias, failure });
  const outcome = { id: randomToken(16), failure, at: ctx.now() };
  await ctx.outcomes.record(io.persis, user.id, outcome, ctx.profile.stateTtlMs).catch((error: unknown) => ctx.reportError('callback', user.id, error as Error));
}

export interface IdTokenExpectation {
  scopes: readonly string[];
  issuer?: string;
  nonce?: string;
}

/** OpenID Connect: an `openid` request to a known issuer must bring a valid ID token. */
export async function checkIdToken(ctx: ClientContext, http: IHttp, auth: IAuthData, expected: IdTokenExpectation, clientId: string): Promise<void> {
  if (!expected.scopes.includes('openid') || !expected.issuer) return;
  const jwksUri = await ctx.endpoints.jwksUri(http);
  if (!auth.idToken || !jwksUri) {
    throw new OAuth2Error('id_token_invalid', 'an openid request got no ID token or the issuer publishes no keys');
  }
  await verifyIdToken(http, ctx.jwks, auth.idToken, {
    issuer: expected.issuer,
    clientId,
    jwksUri,
    ...(expected.nonce ? { nonce: expected.nonce } : {}),
  }, ctx.profile.timeoutMs);
}

async function identityAccepted(ctx: ClientContext, auth: IAuthData, user: IUser): Promise<boolean> {
  try {
    return (await ctx.options.verifyIdentity?.(auth, user)) === true;
  } catch (error) {
    ctx.app.getLogger().warn(`[${ctx.alias}] verifyIdentity threw for user ${user.id}: ${describeError(error)}`);
    return false;
  }
}

/** Runs the app's callback; its failure is logged, never turned into a lost token or a 500. */
export async function runAuthorizationCallback(ctx: ClientContext, auth: IAuthData | undefined, user: IUser, io: Accessors, accountKey?: string): Promise<string | undefined> {
  const callback = ctx.options.authorizationCallback;
  if (!callback) return undefined;
  try {
    const result = await callback(auth, user, io.read, io.modify, io.http, io.persis, accountKey === undefined ? {} : { accountKey });
    return result && typeof result.responseContent === 'string' ? result.responseContent : undefined;
  } catch (error) {
    ctx.app.getLogger().error(`[${ctx.alias}] authorizationCallback threw for user ${user.id}: ${describeError(error)}`);
    return undefined;
  }
}
