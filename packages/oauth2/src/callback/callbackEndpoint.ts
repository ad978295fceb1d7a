import type { IApiEndpoint, IApiRequest, IApiResponse, IUser } from '@plugboard/apps-engine';
import { CallbackError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import { exchangeCode } from '../client/exchange.ts';
import { acceptGrant, checkGrant, checkIdToken, recordFailure, runAuthorizationCallback, type Accessors, type GrantRefusal } from '../client/completion.ts';
import { revokeAuth } from '../client/revoke.ts';
import { formatBindingCode } from '../binding/bindingCode.ts';
import type { ClientContext } from '../client/context.ts';
import { callbackPath, chatUrlFor } from '../client/redirectUri.ts';
import type { ServerEndpoints } from '../client/serverEndpoints.ts';
import type { ClientCredentials } from '../core/clientAuth.ts';
import type { AuthorizationTransaction } from '../storage/transactionStore.ts';
import { assertStateFormat, readCallbackParams, type CallbackParams } from './callbackParams.ts';
import { displayableErrorCode } from '../core/authorizationErrors.ts';
import { outcomeResponse, type OutcomePage } from './pages.ts';

/** `GET /api/apps/public/<appId>/<alias>-callback` (the contract's callback endpoint). */
export function createCallbackEndpoint(ctx: ClientContext): IApiEndpoint {
  return {
    path: callbackPath(ctx.alias),
    get: (request, _endpoint, read, modify, http, persis) => handleCallback(ctx, request, { read, modify, http, persis }),
  };
}

function rejected(error: CallbackError): IApiResponse {
  return outcomeResponse(error.status, { title: 'Authorization failed', message: error.message });
}

/**
 * The order matters: the request is checked (SECURITY 8, 10), then the state is claimed, atomically
 * and before any token request (SECURITY 6, 7), then `iss` (SECURITY 9), then the code is redeemed
 * once (SECURITY 11). A refused callback stores nothing.
 */
export async function handleCallback(ctx: ClientContext, request: IApiRequest, io: Accessors): Promise<IApiResponse> {
  let params: CallbackParams;
  let transaction: AuthorizationTransaction | undefined;
  try {
    params = readCallbackParams(request.query);
    assertStateFormat(params.state);
    transaction = await ctx.transactions.consume(io.persis, params.state);
  } catch (error) {
    if (error instanceof CallbackError) return rejected(error);
    ctx.reportError('callback', 'unknown', error as Error);
    return outcomeResponse(503, { title: 'Authorization failed', message: 'The service could not read the pending authorization; try again.' });
  }
  if (!transaction || transaction.appId !== ctx.appId || transaction.alias !== ctx.alias) {
    return rejected(new CallbackError('state_unknown'));
  }
  if (transaction.expiresAt <= ctx.now()) return rejected(new CallbackError('state_expired'));

  let resolved: Awaited<ReturnType<typeof resolve>>;
  try {
    resolved = await resolve(ctx, io, transaction);
  } catch (error) {
    // A misconfigured client (no client id, unreachable discovery): the state is spent, say so plainly.
    ctx.reportError('callback', transaction.userId, error as Error);
    return outcomeResponse(500, { title: 'Authorization failed', message: 'The app is not configured correctly; nothing was stored. Tell an administrator.' });
  }
  const [user, endpoints, client] = resolved;
  if (!user) return rejected(new CallbackError('state_unknown', { message: 'The user this authorization was started for no longer exists' }));
  try {
    return await finish(ctx, request, io, params, transaction, { user, endpoints, client });
  } catch (error) {
    if (error instanceof CallbackError) return rejected(error);
    throw error;
  }
}

/** Everything the exchange needs that does not depend on the provider's answer, fetched at once. */
function resolve(ctx: ClientContext, io: Accessors, transaction: AuthorizationTransaction) {
  return Promise.all([io.read.getUserReader().getById(transaction.userId), ctx.endpoints.resolve(io.http), ctx.credentials(io.read)]);
}

interface Resolved {
  user: IUser;
  endpoints: ServerEndpoints;
  client: ClientCredentials;
}

async function finish(ctx: ClientContext, request: IApiRequest, io: Accessors, params: CallbackParams, transaction: AuthorizationTransaction, resolved: Resolved): Promise<IApiResponse> {
  const { user, endpoints, client } = resolved;
  // RFC 9207 §2.4: compare exactly when we know the issuer; refuse a missing iss when it was promised.
  if (transaction.issuer !== undefined && params.iss !== undefined && params.iss !== transaction.issuer) {
    throw new CallbackError('iss_mismatch');
  }
  if (params.iss === undefined && endpoints.issRequired) throw new CallbackError('iss_missing');
  if (ctx.options.requireAuthenticatedCallback && request.user?.id !== transaction.userId) {
    throw new CallbackError('state_unknown', { status: 403, message: 'This link was issued to another chat user; sign in to the chat as that user and start again' });
  }

  if (params.error !== undefined) {
    // SECURITY 10: the provider's refusal stores nothing; the app hears about it with no token.
    await recordFailure(ctx, io, user, 'denied');
    await runAuthorizationCallback(ctx, undefined, user, io);
    const status = params.error === 'access_denied' ? 403 : 400;
    // SECURITY 28: a known code or nothing; `error_description` is free text and never shown.
    return outcomeResponse(status, { title: 'Authorization was not granted', message: `The provider answered: ${displayableErrorCode(params.error)}` });
  }
  if (params.code === undefined || params.code === '') throw new CallbackError('code_missing');

  ctx.emit('authorizationCodeReceived', { userId: user.id, alias: ctx.alias });
  let auth: IAuthData;
  try {
    auth = await exchangeCode(ctx, io.http, endpoints.tokenEndpoint, params.code, transaction, client);
    await checkIdToken(ctx, io.http, auth, transaction, client.clientId);
  } catch (error) {
    ctx.reportError('callback', user.id, error as Error);
    await recordFailure(ctx, io, user, 'failed');
    await runAuthorizationCallback(ctx, undefined, user, io);
    return outcomeResponse(502, { title: 'Authorization failed', message: 'The provider did not issue a usable token. Nothing was stored; please try again.' });
  }

  if (ctx.bindings.required(request.user?.id, user.id)) return holdForConfirmation(ctx, io, user, auth, transaction);
  const accepted = await acceptGrant(ctx, io, user, auth, transaction.account);
  if (!accepted.stored) {
    await runAuthorizationCallback(ctx, undefined, user, io);
    return refusalPage(accepted.refusal);
  }
  const custom = await runAuthorizationCallback(ctx, accepted.auth, user, io, accepted.accountKey);
  return outcomeResponse(200, await withBackLink(io, { title: 'Connected', message: `Connected to ${chatUser(user)} in ${ctx.app.getName()}. You can close this window and return to the chat.` }), custom);
}

/**
 * SECURITY 25: the token is held until the chat user types the code shown here. The page names
 * whose chat user and which app the sign-in is for, so a person who opened someone else's link
 * knows not to pass the code on. `authorizationCallback` runs once the binding is confirmed.
 */
async function holdForConfirmation(ctx: ClientContext, io: Accessors, user: IUser, auth: IAuthData, transaction: AuthorizationTransaction): Promise<IApiResponse> {
  const checked = await checkGrant(ctx, io, user, auth, transaction.account);
  if ('refusal' in checked) {
    await runAuthorizationCallback(ctx, undefined, user, io);
    return refusalPage(checked.refusal);
  }
  let code: string;
  try {
    code = (await ctx.bindings.hold(io, user, auth, checked.accountKey)).code;
  } catch (error) {
    ctx.reportError('callback', user.id, error as Error);
    await revokeAuth(ctx, io.http, auth, user.id).catch((revokeError: unknown) => ctx.reportError('revoke', user.id, revokeError as Error));
    await recordFailure(ctx, io, user, 'failed');
    return outcomeResponse(503, { title: 'Authorization failed', message: 'The service could not keep the authorization for your confirmation. Nothing was stored; please try again.' });
  }
  const who = chatUser(user);
  const app = ctx.app.getName();
  const how = ctx.chat.handlesInteractions
    ? `open the message ${app} sent you in the chat, choose “Enter code” and type this code`
    : `give ${app} this code in the chat as it asks you to`;
  const minutes = Math.max(1, Math.round(ctx.profile.stateTtlMs / 60_000));
  return outcomeResponse(200, await withBackLink(io, {
    title: 'Almost done: confirm in chat',
    message: `This sign-in connects an account to the chat user ${who} in ${app}. If you are ${who}, ${how}. ` +
      `If you are not ${who}, close this page and do not pass the code on: nothing is connected without it, and the access is revoked in ${minutes} minutes.`,
    code: formatBindingCode(code),
  }));
}

function chatUser(user: IUser): string {
  return `@${user.username}`;
}

async function withBackLink(io: Accessors, page: OutcomePage): Promise<OutcomePage> {
  const back = await chatUrlFor(io.read);
  return back === undefined ? page : { ...page, back };
}

function refusalPage(refusal: GrantRefusal): IApiResponse {
  switch (refusal) {
    case 'identity_refused':
      return outcomeResponse(403, { title: 'Account refused', message: 'This account cannot be connected to your chat user. Nothing was stored.' });
    case 'account_mismatch':
      return outcomeResponse(403, { title: 'Account refused', message: 'You signed in with another account than the one this link was for. Nothing was stored.' });
    case 'no_account_key':
      return outcomeResponse(500, { title: 'Authorization failed', message: 'The app could not tell which account this is. Nothing was stored. Tell an administrator.' });
  }
}
