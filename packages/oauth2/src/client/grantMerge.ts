import type { IPersistenceRead } from '@plugboard/apps-engine';
import { decodeJwt } from 'jose';
import { mergeRefreshedToken } from '../core/index.ts';
import type { IAuthData } from '../IAuthData.ts';
import type { ClientContext } from './context.ts';

/**
 * A connected user who authorizes again (for more scopes, or to reconnect) may get a token without
 * a refresh token: Google issues one only on the first consent. Then the stored refresh token is
 * kept, as after a refresh (RFC 6749 §6), but only when both tokens provably belong to the same
 * provider account (the same account key, or the same ID token `iss` and `sub`); otherwise
 * keeping it would mix two accounts' grants, and the new token stands alone.
 */
export async function mergeWithStoredGrant(ctx: ClientContext, reader: IPersistenceRead, userId: string, fresh: IAuthData, accountKey?: string): Promise<IAuthData> {
  if (fresh.refreshToken) return fresh;
  const previous = await ctx.tokens.read(reader, userId, accountKey).catch(() => undefined);
  if (!previous?.auth.refreshToken) return fresh;
  // A keyed record is found by the key the new token resolved to: the same account by construction.
  if (accountKey === undefined && !sameSubject(previous.auth.idToken, fresh.idToken)) return fresh;
  return mergeRefreshedToken(previous.auth, fresh);
}

function sameSubject(previous: string | undefined, fresh: string | undefined): boolean {
  if (!previous || !fresh) return false;
  try {
    const [a, b] = [decodeJwt(previous), decodeJwt(fresh)];
    return typeof a.sub === 'string' && a.sub === b.sub && a.iss === b.iss;
  } catch {
    return false;
  }
}
