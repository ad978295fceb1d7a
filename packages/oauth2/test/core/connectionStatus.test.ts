import { describe, expect, it } from 'vitest';
import { classifyRefreshFailure, connectionStatus, type StatusRecord, type TokenFacts } from '../../src/health/connectionStatus.ts';
import { InvalidResponseError, OAuth2Error, ProviderError, ReauthorizationRequiredError, TransportError } from '../../src/index.ts';

const token = (over: Partial<TokenFacts> = {}): TokenFacts => ({ grantId: 'g1', updatedAt: 1_000, scope: 'read', expiresAt: 10_000, hasRefreshToken: true, ...over });

describe('classifyRefreshFailure', () => {
  it.each<[string, unknown, ReturnType<typeof classifyRefreshFailure>]>([
    ['invalid_grant', new ReauthorizationRequiredError({ error: 'invalid_grant', status: 400 }), { state: 'needs_reauth', reason: 'invalid_grant' }],
    ['invalid_client', new ProviderError({ error: 'invalid_client', status: 401 }), { state: 'needs_reauth', reason: 'client_credentials_refused' }],
    ['unauthorized_client', new ProviderError({ error: 'unauthorized_client', status: 400 }), { state: 'needs_reauth', reason: 'client_credentials_refused' }],
    ['an OAuth error with a 5xx', new ProviderError({ error: 'temporarily_unavailable', status: 503 }), { state: 'provider_unavailable', reason: 'server_error' }],
    ['a timeout', new TransportError('timeout', 'x'), { state: 'provider_unavailable', reason: 'timeout' }],
    ['a 429', new TransportError('rate_limited', 'x', { status: 429 }), { state: 'provider_unavailable', reason: 'rate_limited' }],
    ['a refused connection', new TransportError('network_error', 'x'), { state: 'provider_unavailable', reason: 'network_error' }],
    ['an HTML 502', new InvalidResponseError('x', 502), { state: 'provider_unavailable', reason: 'server_error' }],
    ['an HTML 404', new InvalidResponseError('x', 404), { state: 'provider_unavailable', reason: 'invalid_response' }],
    ['invalid_scope (a client bug)', new ProviderError({ error: 'invalid_scope', status: 400 }), undefined],
    ['a store failure', new OAuth2Error('store_error', 'x'), undefined],
  ])('%s', (_name, error, expected) => {
    expect(classifyRefreshFailure(error)).toEqual(expected);
  });
});

describe('connectionStatus', () => {
  const needs: StatusRecord = { state: 'needs_reauth', reason: 'invalid_grant', since: 2_000, grantId: 'g1', scope: 'read' };
  it.each<[string, TokenFacts | undefined, StatusRecord | undefined, number, object]>([
    ['no token, no status', undefined, undefined, 5_000, { state: 'none' }],
    ['a token', token(), undefined, 5_000, { state: 'connected', since: 1_000 }],
    ['no token, a needs_reauth status', undefined, needs, 5_000, { state: 'needs_reauth', reason: 'invalid_grant', since: 2_000 }],
    ['a token of another grant after a needs_reauth status (re-linked)', token({ grantId: 'g2', updatedAt: 1_500 }), needs, 5_000, { state: 'connected' }],
    ['a later write of the same grant (the client credentials fixed)', token({ updatedAt: 3_000 }), { ...needs, reason: 'client_credentials_refused' }, 5_000, { state: 'connected' }],
    ['refreshing within its lease', token(), { state: 'refreshing', since: 2_000, grantId: 'g1', until: 6_000 }, 5_000, { state: 'refreshing', until: 6_000 }],
    ['refreshing past its lease (its host died)', token(), { state: 'refreshing', since: 2_000, grantId: 'g1', until: 4_000 }, 5_000, { state: 'connected' }],
    [
      'refreshing past its lease, begun while unavailable',
      token(),
      { state: 'refreshing', since: 3_000, grantId: 'g1', until: 4_000, prior: { state: 'provider_unavailable', reason: 'timeout', since: 2_000, grantId: 'g1', failures: 2 } },
      5_000,
      { state: 'provider_unavailable', reason: 'timeout' },
    ],
    ['scopes missing, then granted', token({ scope: 'read write' }), { state: 'needs_reauth', reason: 'scopes_missing', missingScopes: ['write'], since: 2_000, grantId: 'g1' }, 5_000, { state: 'connected' }],
    ['scopes missing', token(), { state: 'needs_reauth', reason: 'scopes_missing', missingScopes: ['write'], since: 2_000, grantId: 'g1' }, 5_000, { state: 'needs_reauth', missingScopes: ['write'] }],
    ['expired without a refresh token', token({ hasRefreshToken: false, expiresAt: 4_000 }), undefined, 5_000, { state: 'needs_reauth', reason: 'token_expired' }],
    ['a prompt to a user who never connected', undefined, { state: 'none', since: 2_000, noticeAt: 2_000 }, 5_000, { state: 'none' }],
  ])('%s', (_name, facts, record, now, expected) => {
    expect(connectionStatus(facts, record, now)).toMatchObject(expected);
  });
});
