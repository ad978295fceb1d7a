import { describe, expect, it } from 'vitest';
import {
  CallbackError,
  ConfigurationError,
  DiscoveryError,
  IdTokenError,
  InvalidResponseError,
  OAuth2Error,
  ProviderError,
  ReauthorizationRequiredError,
  TransportError,
  describeError,
  sanitizeProviderText,
} from '../../src/errors.ts';

describe('error classes', () => {
  it.each([
    [new ConfigurationError('x'), 'configuration_invalid', 'ConfigurationError'],
    [new ProviderError({ error: 'invalid_client', status: 401 }), 'provider_error', 'ProviderError'],
    [new ReauthorizationRequiredError({ error: 'invalid_grant', status: 400 }), 'reauthorization_required', 'ReauthorizationRequiredError'],
    [new InvalidResponseError('x', 502), 'invalid_response', 'InvalidResponseError'],
    [new TransportError('timeout', 'x'), 'timeout', 'TransportError'],
    [new CallbackError('state_unknown'), 'callback_rejected', 'CallbackError'],
    [new IdTokenError('x'), 'id_token_invalid', 'IdTokenError'],
    [new DiscoveryError('x'), 'discovery_failed', 'DiscoveryError'],
  ] as const)('%s has code %s and name %s', (error, code, name) => {
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(OAuth2Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
  });

  it('ReauthorizationRequiredError is a ProviderError with its fields', () => {
    const error = new ReauthorizationRequiredError({ error: 'invalid_grant', error_description: 'revoked', status: 400 });
    expect(error).toBeInstanceOf(ProviderError);
    expect([error.error, error.error_description, error.status]).toEqual(['invalid_grant', 'revoked', 400]);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new TransportError('network_error', 'x', { cause }).cause).toBe(cause);
    expect(new ConfigurationError('x').cause).toBeUndefined();
  });

  it('TransportError carries retryAfterMs and status when given', () => {
    const error = new TransportError('rate_limited', 'slow down', { retryAfterMs: 1500, status: 429 });
    expect([error.retryAfterMs, error.status]).toEqual([1500, 429]);
    expect(new TransportError('timeout', 'x').retryAfterMs).toBeUndefined();
  });

  it('CallbackError defaults to 400 and a reason message, status can be set', () => {
    const error = new CallbackError('state_expired');
    expect([error.reason, error.status]).toEqual(['state_expired', 400]);
    expect(error.message).toMatch(/expired/);
    expect(new CallbackError('iss_mismatch', { status: 403 }).status).toBe(403);
  });

  it('sanitises provider text: control characters stripped, length capped', () => {
    const error = new ProviderError({
      error: 'bad\r\nInjected: header',
      error_description: `line1\nline2\u0007\u001b[31m${'x'.repeat(2000)}`,
      status: 400,
    });
    expect(error.error).toBe('bad Injected: header');
    expect(error.error_description).not.toMatch(/[\n\u0007\u001b]/);
    expect(error.error_description!.length).toBeLessThanOrEqual(501);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(sanitizeProviderText('a\u2028b')).toBe('a b');
  });

  it('the provider description stays out of the message', () => {
    const error = new ProviderError({ error: 'invalid_grant', error_description: 'code abc123 was used', status: 400 });
    expect(error.message).not.toContain('abc123');
  });

  it('an empty error code becomes unknown_error', () => {
    expect(new ProviderError({ error: '\n', status: 400 }).error).toBe('unknown_error');
  });
});

describe('describeError', () => {
  it.each([
    [new ProviderError({ error: 'invalid_client', error_description: 'bad', status: 401 }), 'ProviderError [provider_error] invalid_client (HTTP 401): bad'],
    [new InvalidResponseError('The token response has no access_token', 200), 'InvalidResponseError [invalid_response] The token response has no access_token (HTTP 200)'],
    [new ConfigurationError('The client id is missing'), 'ConfigurationError [configuration_invalid] The client id is missing'],
    [Object.assign(new Error('GET https://x/?access_token=SECRET failed'), { code: 'ECONNRESET' }), 'Error [ECONNRESET]'],
    [new TypeError('Bearer SECRET'), 'TypeError'],
    ['SECRET', 'non-error value thrown'],
  ])('%s', (error, expected) => {
    expect(describeError(error)).toBe(expected);
    expect(describeError(error)).not.toContain('SECRET');
  });
});
