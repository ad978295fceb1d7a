import type { IUser } from '@plugboard/apps-engine';
import { buildAuthorizationUrl, codeChallengeS256, createCodeVerifier, mergeScopes, randomToken } from '../core/index.ts';
import { OAuth2Error } from '../errors.ts';
import type { AuthorizationTransaction } from '../storage/transactionStore.ts';
import type { IAuthorizationOptions } from '../IOAuth2Client.ts';
import { accountTarget, type AccountTarget } from './accounts.ts';
import type { ClientContext } from './context.ts';
import { backgroundPersistence } from './hostAccess.ts';
import { redirectUriFor } from './redirectUri.ts';

/**
 * A fresh authorization URL (SECURITY 1-5): a 256-bit state bound server-side to this user, app,
 * alias, issuer, redirect URI, scopes and PKCE verifier, stored with a TTL; a nonce when OpenID
 * Connect is in play. The URL carries no secret. For a connected user the scopes are the union of
 * what they granted and what is asked now (incremental authorization).
 */
export async function createAuthorizationUrl(ctx: ClientContext, user: IUser, scopes?: string[], options?: IAuthorizationOptions): Promise<URL> {
  const account = accountTarget(options);
  const endpoints = await ctx.endpoints.resolve(ctx.http);
  const { clientId } = await ctx.credentials();
  const redirectUri = await redirectUriFor(ctx.read, ctx.appId, ctx.alias);
  const allScopes = await requestedScopes(ctx, user, scopes, account);
  const state = randomToken(32);
  const codeVerifier = createCodeVerifier();
  const nonce = endpoints.issuer && allScopes.includes('openid') ? randomToken(32) : undefined;

  const url = buildAuthorizationUrl({
    authorizationEndpoint: endpoints.authorizationEndpoint,
    clientId,
    redirectUri,
    scopes: allScopes,
    scopeSeparator: ctx.profile.scopeSeparator,
    state,
    codeChallenge: codeChallengeS256(codeVerifier),
    ...(nonce ? { nonce } : {}),
    extraParams: ctx.profile.authParams,
    ...(ctx.profile.scopeParameter ? { scopeParameter: ctx.profile.scopeParameter } : {}),
    allowInsecureHttp: ctx.profile.allowInsecureEndpoints,
  });

  // Each pending authorization stays in the store until its TTL: keep it small (no creation time).
  const transaction: AuthorizationTransaction = {
    appId: ctx.appId,
    alias: ctx.alias,
    userId: user.id,
    redirectUri,
    scopes: allScopes,
    codeVerifier,
    expiresAt: ctx.now() + ctx.profile.stateTtlMs,
  };
  if (endpoints.issuer) transaction.issuer = endpoints.issuer;
  if (nonce) transaction.nonce = nonce;
  if (account) transaction.account = account;
  const persis = options?.persis ?? backgroundPersistence(ctx.app);
  if (!persis) {
    ctx.warnOnce('pending-in-memory', 'this host gives apps no persistence outside handlers and no persis was passed: pending authorizations are kept in this process (single instance); pass { persis } from a handler to share them');
  }
  await ctx.transactions.save(persis, state, transaction, ctx.profile.stateTtlMs);
  return url;
}

/**
 * What an authorization asks for: the default scopes, these, and (incremental authorization) what
 * the account it extends already granted: the default account's, or the named account's; a new
 * account extends nothing. A record that cannot be read must not block a new authorization.
 */
export async function requestedScopes(ctx: ClientContext, user: IUser, scopes: readonly string[] | undefined, account: AccountTarget): Promise<string[]> {
  let granted: string[] = [];
  if (!(account && 'add' in account)) {
    try {
      granted = (await ctx.tokens.read(ctx.read.getPersistenceReader(), user.id, account?.key))?.auth.scope.split(' ') ?? [];
    } catch (error) {
      if (!(error instanceof OAuth2Error && error.code === 'store_error')) throw error;
    }
  }
  return mergeScopes(ctx.profile.defaultScopes, granted, scopes);
}
