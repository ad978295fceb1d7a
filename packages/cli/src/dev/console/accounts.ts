import type { IUser } from '@plugboard/apps-engine';
import { describeError, type IOAuth2Client } from '@plugboard/oauth2';

/** What the console shows of one user's connection: never the token itself. */
export interface AccountRow {
  alias: string;
  user: IUser;
  status: 'connected' | 'not connected' | 'error' | 'no client';
  scope?: string;
  expiresAt?: number;
  hasRefreshToken?: boolean;
  error?: string;
}

/**
 * Reads each user's connection through the app's own client (so an encrypted store reads as it
 * does for the app), as stored: a page view refreshes nothing and sends no request, so an
 * expired token shows as expired until the app uses it. Only scope, expiry and whether a refresh
 * token exists leave here.
 */
export async function listAccounts(
  aliases: readonly string[],
  users: readonly IUser[],
  clients: ReadonlyMap<string, IOAuth2Client>,
): Promise<AccountRow[]> {
  const rows: AccountRow[] = [];
  for (const alias of aliases) {
    const client = clients.get(alias);
    for (const user of users) {
      if (client === undefined) {
        rows.push({ alias, user, status: 'no client' });
        continue;
      }
      try {
        // The default account: the one the app's `getAccessTokenForUser(user)` uses.
        const account = (await client.listAccountsForUser(user)).find((a) => a.accountKey === undefined);
        rows.push(
          account === undefined
            ? { alias, user, status: 'not connected' }
            : { alias, user, status: 'connected', scope: account.scope, expiresAt: account.expiresAt, hasRefreshToken: account.hasRefreshToken },
        );
      } catch (error) {
        rows.push({ alias, user, status: 'error', error: describeError(error) });
      }
    }
  }
  return rows;
}
