import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOTION_VERSION, notion } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';
import { checkTokenRequest } from './support/expectations.ts';
import { startFakeProvider, type FakeProvider } from './support/fakeProvider.ts';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, VERIFIER, authorizationUrl, exchange, refresh, revoke } from './support/flow.ts';
import { pointAt } from './support/pointAt.ts';
import { basicCredentials, jsonParams } from './support/wire.ts';

// Notion refuses requests without Notion-Version, and reads JSON bodies.
const reject = (status: number, code: string) => ({ status, body: { object: 'error', status, code, error: code, message: 'rejected by the fake' } });
const expectations = { clientAuth: 'basic', encoding: 'json', headers: { 'notion-version': DEFAULT_NOTION_VERSION }, reject } as const;

describe('notion()', () => {
  let fake: FakeProvider;
  let preset: ProviderPreset;
  beforeAll(async () => {
    fake = await startFakeProvider();
    preset = pointAt(notion(), fake.origin);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('asks for owner=user', () => {
    const url = authorizationUrl(preset);
    expect(url.pathname).toBe('/v1/oauth/authorize');
    expect(url.searchParams.get('owner')).toBe('user');
    expect(url.searchParams.has('scope')).toBe(false);
  });

  it('exchanges with a JSON body, Basic authentication and Notion-Version', async () => {
    fake.route('POST /v1/oauth/token', (request) => checkTokenRequest(request, expectations) ?? {
      body: { access_token: 'ntn_a', token_type: 'bearer', refresh_token: 'nrt_a', bot_id: 'b', workspace_id: 'w', owner: { type: 'user' } },
    });
    expect(await exchange(preset, 'c')).toMatchObject({ token: 'ntn_a', refreshToken: 'nrt_a', expiresAt: 0 });
    const [request] = fake.requests;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['notion-version']).toBe(DEFAULT_NOTION_VERSION);
    expect(basicCredentials(request!)).toEqual([CLIENT_ID, CLIENT_SECRET]);
    expect(jsonParams(request!)).toEqual({ grant_type: 'authorization_code', code: 'c', redirect_uri: REDIRECT_URI, code_verifier: VERIFIER });
  });

  it('refreshes with JSON and stores the rotated refresh token', async () => {
    fake.route('POST /v1/oauth/token', (request) => checkTokenRequest(request, expectations) ?? { body: { access_token: 'ntn_b', token_type: 'bearer', refresh_token: 'nrt_b' } });
    expect(await refresh(preset, { token: 'ntn_a', expiresAt: 0, scope: '', refreshToken: 'nrt_a' })).toMatchObject({ token: 'ntn_b', refreshToken: 'nrt_b' });
    expect(jsonParams(fake.requests[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: 'nrt_a' });
  });

  it('a missing Notion-Version is refused by the provider (the fake reproduces it)', async () => {
    const withoutHeader = { ...preset };
    delete withoutHeader.headers;
    fake.route('POST /v1/oauth/token', (request) => checkTokenRequest(request, expectations) ?? { body: { access_token: 'x' } });
    await expect(exchange(withoutHeader, 'c')).rejects.toMatchObject({ error: 'invalid_request', status: 400 });
  });

  it('revokes the access token with JSON {token} only', async () => {
    fake.route('POST /v1/oauth/revoke', (request) =>
      request.headers['notion-version'] && basicCredentials(request) ? { body: { request_id: 'r' } } : { status: 400, body: { error: 'invalid_request' } },
    );
    expect(await revoke(preset, { token: 'ntn_a', expiresAt: 0, scope: '', refreshToken: 'nrt_a' })).toBe(1);
    expect(jsonParams(fake.requests[0]!)).toEqual({ token: 'ntn_a' });
  });

  it('accepts a pinned Notion-Version and refuses a malformed one', () => {
    expect(notion({ notionVersion: '2022-06-28' }).headers).toEqual({ 'Notion-Version': '2022-06-28' });
    expect(() => notion({ notionVersion: 'latest' })).toThrow(/2025-09-03/);
  });
});
