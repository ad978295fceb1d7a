import { decodeJwt } from 'jose';
import type { IAuthData } from '../IAuthData.ts';

/**
 * Who signed in at the provider, in a few words for the chat user's confirmation message: the ID
 * token's name (or preferred username) and its email with the local part masked (`b***@example.com`),
 * else its subject,
 * enough to recognise one's own account without handing a stranger's address to whoever holds the
 * chat user. The ID token was verified at the exchange when the request was OpenID; `undefined`
 * without one.
 */
export function accountLabel(auth: IAuthData): string | undefined {
  if (!auth.idToken) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(auth.idToken);
  } catch {
    return undefined;
  }
  const text = (key: string): string | undefined => (typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string).slice(0, 80) : undefined);
  const name = text('name') ?? text('preferred_username');
  const email = text('email');
  const masked = email?.replace(/^([^@])[^@]*@/, '$1***@');
  const parts = [name, masked].filter((part): part is string => part !== undefined);
  if (parts.length > 0) return parts.join(', ');
  // Many providers put no profile claims in the ID token: its subject still tells accounts apart.
  const sub = text('sub');
  return sub === undefined ? undefined : `with the id ${sub}`;
}
