import type { AccountSpec } from './types.ts';

export const DEFAULT_ACCOUNTS: readonly AccountSpec[] = [
  { id: 'alice', email: 'alice@example.test', emailVerified: true, name: 'Alice Liddell', preferredUsername: 'alice' },
  { id: 'bob', email: 'bob@example.test', emailVerified: true, name: 'Bob Builder', preferredUsername: 'bob' },
];

/** Which claims each scope releases; oidc-provider filters an account's claims by these. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'preferred_username'],
} as const;

type Claims = Record<string, unknown> & { sub: string };

function claimsOf(account: AccountSpec): Claims {
  const claims: Claims = { sub: account.id };
  if (account.email !== undefined) claims.email = account.email;
  if (account.emailVerified !== undefined) claims.email_verified = account.emailVerified;
  if (account.name !== undefined) claims.name = account.name;
  if (account.preferredUsername !== undefined) claims.preferred_username = account.preferredUsername;
  return claims;
}

/**
 * oidc-provider's `findAccount`. The devInteractions login page accepts any login name;
 * only listed accounts resolve, so a typo in a test fails the flow instead of minting
 * tokens for a user that does not exist.
 */
export function accountFinder(accounts: readonly AccountSpec[]) {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  if (byId.size !== accounts.length) throw new TypeError('account ids must be unique');
  return async (_ctx: unknown, sub: string) => {
    const account = byId.get(sub);
    if (account === undefined) return undefined;
    return { accountId: account.id, claims: async () => claimsOf(account) };
  };
}
