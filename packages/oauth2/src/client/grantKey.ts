/**
 * Names one stored grant (a user's default account, or one of their other accounts) in lock keys,
 * job keys and single flights. The default account keeps the historic key: the user id.
 */
export function grantKey(userId: string, accountKey: string | undefined): string {
  return accountKey === undefined ? userId : `${userId}#${encodeURIComponent(accountKey)}`;
}

/** The `accountKey` member of an event or status, present only for a user's other accounts. */
export function keyed(stored: { accountKey?: string | undefined }): { accountKey?: string } {
  return stored.accountKey === undefined ? {} : { accountKey: stored.accountKey };
}
