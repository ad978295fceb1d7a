import { scopesCover } from '../core/scopes.ts';
import { InvalidResponseError, ProviderError, ReauthorizationRequiredError, TransportError } from '../errors.ts';

/** How a user's connection (one alias, one account) is doing. */
export type ConnectionState = 'connected' | 'refreshing' | 'needs_reauth' | 'provider_unavailable' | 'none';

/**
 * Why the user must authorize again:
 * - `invalid_grant`: the provider refused the refresh token (expired, unused too long, revoked, reused);
 * - `revoked`: the provider refused the access token (401) and no refresh could replace it;
 * - `scopes_missing`: the grant lacks scopes the app needs (the token is kept);
 * - `client_credentials_refused`: the provider refused the app's client id or secret
 *   (`invalid_client`, `unauthorized_client`): an administrator must fix the settings; the token is kept;
 * - `token_expired`: the token expired and there is no refresh token to get another.
 */
export type ReauthReason = 'invalid_grant' | 'revoked' | 'scopes_missing' | 'client_credentials_refused' | 'token_expired';

/** Why the provider could not be used just now; the token is kept and the next try may work. */
export type UnavailableReason = 'timeout' | 'network_error' | 'server_error' | 'rate_limited' | 'invalid_response';

/** What `getConnectionStatus` answers, and what status events carry. */
export interface IConnectionStatus {
  state: ConnectionState;
  /** For `needs_reauth` and `provider_unavailable`. */
  reason?: ReauthReason | UnavailableReason;
  /** Epoch ms this state began (for `connected`: the token's last write). */
  since?: number;
  /** For `scopes_missing`: what the grant lacks. */
  missingScopes?: string[];
  /** For `provider_unavailable`: when background refresh tries again, where it runs. */
  retryAt?: number;
  /** For `refreshing`: until when the refresh may run (its lock's lease). */
  until?: number;
  /** The account, when it is not the user's default one. */
  accountKey?: string;
}

/** A status as stored (no secret in it: states, reasons, scopes and times). */
export interface StatusRecord {
  state: 'refreshing' | 'needs_reauth' | 'provider_unavailable' | 'none';
  reason?: ReauthReason | UnavailableReason;
  since: number;
  /** The grant this status is about; a token of another grant makes it history. */
  grantId?: string;
  until?: number;
  missingScopes?: string[];
  retryAt?: number;
  /** Consecutive failures while the provider is unavailable (background backoff). */
  failures?: number;
  /** The scope of the grant that needs re-authorization (its token may be gone). */
  scope?: string;
  /** When the user was last sent a re-link message for this state. */
  noticeAt?: number;
  /** For `refreshing`: the status the refresh began in, which its failure continues. */
  prior?: StatusRecord;
}

/** What the status needs to know of the stored token. */
export interface TokenFacts {
  grantId: string;
  updatedAt: number;
  scope: string;
  expiresAt: number;
  hasRefreshToken: boolean;
}

/**
 * Whether a stored status still describes the connection. A token written after it (a refresh, a
 * re-link: another grant, or a later write of the same one) makes it history, whichever host wrote
 * what: no status has to be cleared for the connection to read as healthy again. A `refreshing`
 * status also ends with its lease, so a host that died mid-refresh leaves nothing behind.
 */
export function isCurrent(record: StatusRecord, token: TokenFacts | undefined, now: number, scopeAliases: Readonly<Record<string, string>> = {}): boolean {
  if (record.state === 'refreshing' && (record.until ?? 0) <= now) return false;
  if (!token) return true;
  if (record.grantId !== undefined && token.grantId !== record.grantId) return false;
  if (token.updatedAt >= record.since) return false;
  if (record.reason === 'scopes_missing' && scopesCover(token.scope, record.missingScopes ?? [], scopeAliases)) return false;
  return true;
}

/**
 * The stored status that describes the connection now: the record, or (a refresh that ended without
 * a word, its host gone) the status that refresh began in, or none.
 */
export function currentRecord(record: StatusRecord | undefined, token: TokenFacts | undefined, now: number, scopeAliases?: Readonly<Record<string, string>>): StatusRecord | undefined {
  if (!record) return undefined;
  if (isCurrent(record, token, now, scopeAliases)) return record;
  const prior = record.state === 'refreshing' ? record.prior : undefined;
  return prior && isCurrent(prior, token, now, scopeAliases) ? prior : undefined;
}

/** The episode a status belongs to: a `refreshing` status continues the one it began in. */
export function episodeOf(record: StatusRecord | undefined): StatusRecord | undefined {
  return record?.state === 'refreshing' ? record.prior : record;
}

/** The connection status from the stored token (or none) and the stored status (or none). */
export function connectionStatus(token: TokenFacts | undefined, record: StatusRecord | undefined, now: number, scopeAliases?: Readonly<Record<string, string>>): IConnectionStatus {
  const current = currentRecord(record, token, now, scopeAliases);
  if (!token) {
    return current?.state === 'needs_reauth' ? statusFromRecord(current) : { state: 'none' };
  }
  if (!token.hasRefreshToken && token.expiresAt !== 0 && token.expiresAt <= now) {
    return { state: 'needs_reauth', reason: 'token_expired', since: token.expiresAt };
  }
  if (current && current.state !== 'none') return statusFromRecord(current);
  return { state: 'connected', since: token.updatedAt };
}

/** The status a stored record states (the caller knows it is current). */
export function statusFromRecord(record: StatusRecord): IConnectionStatus {
  const status: IConnectionStatus = { state: record.state, since: record.since };
  if (record.reason !== undefined) status.reason = record.reason;
  if (record.missingScopes !== undefined) status.missingScopes = [...record.missingScopes];
  if (record.retryAt !== undefined) status.retryAt = record.retryAt;
  if (record.until !== undefined && record.state === 'refreshing') status.until = record.until;
  return status;
}

/** What a failed refresh says about the connection; `undefined` when it says nothing (a bug, a bad option). */
export type RefreshFailure = { state: 'needs_reauth'; reason: ReauthReason } | { state: 'provider_unavailable'; reason: UnavailableReason };

/** RFC 6749 §5.2 codes that refuse the client, not the grant. */
const CLIENT_REFUSED: ReadonlySet<string> = new Set(['invalid_client', 'unauthorized_client']);

export function classifyRefreshFailure(error: unknown): RefreshFailure | undefined {
  if (error instanceof ReauthorizationRequiredError) return { state: 'needs_reauth', reason: 'invalid_grant' };
  if (error instanceof ProviderError) {
    if (CLIENT_REFUSED.has(error.error)) return { state: 'needs_reauth', reason: 'client_credentials_refused' };
    if (error.status >= 500 || error.error === 'temporarily_unavailable' || error.error === 'server_error') return { state: 'provider_unavailable', reason: 'server_error' };
    return undefined;
  }
  if (error instanceof TransportError) {
    if (error.code === 'timeout') return { state: 'provider_unavailable', reason: 'timeout' };
    if (error.code === 'rate_limited') return { state: 'provider_unavailable', reason: 'rate_limited' };
    return { state: 'provider_unavailable', reason: 'network_error' };
  }
  if (error instanceof InvalidResponseError) {
    return { state: 'provider_unavailable', reason: error.status >= 500 ? 'server_error' : 'invalid_response' };
  }
  return undefined;
}
