import type { IHttp, IUser } from '@plugboard/apps-engine';
import { decodeJwt } from 'jose';
import { ConfigurationError } from '../errors.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { IAuthorizationOptions } from '../IOAuth2Client.ts';
import type { ClientContext } from './context.ts';

/**
 * Which record an authorization is for: the default account (absent), another account whose key
 * the token will tell (`add`), or one named account (`key`: re-link it or extend its scopes).
 */
export type AccountTarget = { add: true } | { key: string } | undefined;

/** Account keys name association records: printable, no spaces, at most 256 characters. */
const ACCOUNT_KEY = /^[^\s\p{Cc}]{1,256}$/u;

export function assertAccountKey(key: unknown): string {
  if (typeof key !== 'string' || !ACCOUNT_KEY.test(key)) {
    throw new ConfigurationError('an account key must be 1-256 printable characters without spaces');
  }
  return key;
}

/** The target the options of an authorization name; `account` and `addAccount` exclude each other. */
export function accountTarget(options: IAuthorizationOptions | undefined): AccountTarget {
  if (options?.account !== undefined && options.addAccount) {
    throw new ConfigurationError('give either account (an account you know) or addAccount (a new one), not both');
  }
  if (options?.account !== undefined) return { key: assertAccountKey(options.account) };
  return options?.addAccount ? { add: true } : undefined;
}

/** The key of the default account is `undefined`; a keyed one must be valid. */
export function accountKeyOf(options: { account?: string } | undefined): string | undefined {
  return options?.account === undefined ? undefined : assertAccountKey(options.account);
}

export type AccountResolution = { accountKey: string | undefined } | { refused: 'account_mismatch' | 'no_account_key' };

/**
 * The key a new token is stored under: nothing for the default account; else the app's
 * `accountKey(token, user, http)` (a provider user id, a workspace id), or the `sub` of the ID
 * token, which the callback verified. A named target must match what the token says: a user who
 * re-links account A but signs in as B must not overwrite A's record with B's token.
 */
export async function resolveAccountKey(ctx: ClientContext, http: IHttp, auth: IAuthData, user: IUser, target: AccountTarget): Promise<AccountResolution> {
  if (target === undefined) return { accountKey: undefined };
  let derived: string | undefined;
  try {
    derived = ctx.options.accountKey ? await ctx.options.accountKey(auth, user, http) : subjectOf(auth.idToken);
  } catch (error) {
    ctx.reportError('callback', user.id, error as Error);
  }
  if (derived === undefined || !ACCOUNT_KEY.test(derived)) return { refused: 'no_account_key' };
  if ('key' in target && target.key !== derived) return { refused: 'account_mismatch' };
  return { accountKey: derived };
}

function subjectOf(idToken: string | undefined): string | undefined {
  if (!idToken) return undefined;
  try {
    const { sub } = decodeJwt(idToken);
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}
