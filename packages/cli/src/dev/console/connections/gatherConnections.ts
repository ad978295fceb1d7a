import type { IUser } from '@plugboard/apps-engine';
import type { IOAuth2Client } from '@plugboard/oauth2';
import type { ConnectionTracker, LastError } from './ConnectionTracker.ts';
import { plainError } from './plainWords.ts';

/** One connected account (or its absence) of one user under one alias: never a token. */
export interface ConnectionRow {
  alias: string;
  user: IUser;
  accountKey?: string;
  state: 'connected' | 'expired' | 'needs re-authorization' | 'not connected' | 'no client';
  scope?: string;
  /** Epoch ms; 0 when the provider gave no lifetime. */
  expiresAt?: number;
  updatedAt?: number;
  /** Whether a refresh token is stored with it. */
  refreshable?: boolean;
  /** The verified ID token's claims, when the grant has one. */
  claims?: Record<string, unknown>;
  claimsError?: string;
  lastError?: LastError;
}

interface ClaimsReader {
  getIdTokenClaims(user: IUser, options?: { account?: string }): Promise<Record<string, unknown> | undefined>;
}

function readsClaims(client: IOAuth2Client): client is IOAuth2Client & ClaimsReader {
  return typeof (client as Partial<ClaimsReader>).getIdTokenClaims === 'function';
}

/** Verified claims per account and write time: verifying again on every page would ask for the keys again. */
type ClaimsResult = { claims?: Record<string, unknown>; error?: string };
const claimsCache = new Map<string, Promise<ClaimsResult>>();

function claimsOf(client: IOAuth2Client, alias: string, user: IUser, accountKey: string | undefined, updatedAt: number): Promise<ClaimsResult> {
  if (!readsClaims(client)) return Promise.resolve({});
  const cacheKey = JSON.stringify([alias, user.id, accountKey ?? null, updatedAt]);
  let found = claimsCache.get(cacheKey);
  if (found === undefined) {
    found = client.getIdTokenClaims(user, accountKey === undefined ? undefined : { account: accountKey }).then(
      (claims): ClaimsResult => (claims === undefined ? {} : { claims }),
      (error: unknown) => ({ error: plainError(error) }),
    );
    claimsCache.set(cacheKey, found);
    if (claimsCache.size > 500) claimsCache.delete(claimsCache.keys().next().value as string);
  }
  return found;
}

/**
 * The connections panel's rows: for each alias and chat user, each account they connected (read
 * from the store through the app's own client, without refreshing anything), or one row saying
 * they have none; with the last error the tracker heard of.
 */
export async function gatherConnections(
  aliases: readonly string[],
  users: readonly IUser[],
  clients: ReadonlyMap<string, IOAuth2Client>,
  tracker: ConnectionTracker,
  now: number,
): Promise<ConnectionRow[]> {
  const rows: ConnectionRow[] = [];
  for (const alias of aliases) {
    const client = clients.get(alias);
    for (const user of users) {
      const lastError = tracker.lastError(alias, user.id);
      const base = { alias, user, ...(lastError === undefined ? {} : { lastError }) };
      if (client === undefined) {
        rows.push({ ...base, state: 'no client' });
        continue;
      }
      let accounts: Awaited<ReturnType<IOAuth2Client['listAccountsForUser']>>;
      try {
        accounts = await client.listAccountsForUser(user);
      } catch (error) {
        rows.push({ ...base, state: 'not connected', lastError: { text: plainError(error), operation: 'read', time: new Date() } });
        continue;
      }
      if (accounts.length === 0) {
        // The administrator who installed the app is a chat user too, but rarely the one connecting.
        if (user.roles.includes('admin') && lastError === undefined) continue;
        rows.push({ ...base, state: tracker.needsReauthorization(alias, user.id) ? 'needs re-authorization' : 'not connected' });
        continue;
      }
      for (const account of accounts) {
        const { claims, error } = await claimsOf(client, alias, user, account.accountKey, account.updatedAt);
        rows.push({
          ...base,
          ...(account.accountKey === undefined ? {} : { accountKey: account.accountKey }),
          state: account.expiresAt !== 0 && account.expiresAt <= now ? 'expired' : 'connected',
          scope: account.scope,
          expiresAt: account.expiresAt,
          updatedAt: account.updatedAt,
          refreshable: account.hasRefreshToken,
          ...(claims === undefined ? {} : { claims }),
          ...(error === undefined ? {} : { claimsError: error }),
        });
      }
    }
  }
  return rows;
}
