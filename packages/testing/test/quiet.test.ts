import { afterEach, describe, expect, it, vi } from 'vitest';
import { withoutExpectedNotices } from '../src/quiet.ts';

describe('oidc-provider notices', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a server used end to end prints nothing from oidc-provider', async () => {
    const printed: unknown[][] = [];
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args);
      });
    }
    // Imported here, after the spies, so the module's import-time notices are caught too.
    const { startAuthorizationServer } = await import('../src/index.ts');
    const { refresh, revoke, stringField } = await import('./support/flow.ts');
    const { signIn } = await import('./support/signin.ts');
    const redirect = 'http://127.0.0.1:9/callback';
    const as = await startAuthorizationServer({ clients: [{ clientId: 'app', clientSecret: 's', redirectUris: [redirect] }] });
    try {
      const app = { method: 'client_secret_basic', clientId: 'app', clientSecret: 's' } as const;
      const tokens = await signIn(as, app, redirect);
      const refreshed = await refresh(as, app, stringField(tokens, 'refresh_token'));
      await fetch(as.endpoints.userinfo, { headers: { authorization: `Bearer ${stringField(refreshed, 'access_token')}` } });
      await as.introspect(stringField(refreshed, 'access_token'));
      await revoke(as, app, stringField(refreshed, 'refresh_token'));
      await fetch(as.endpoints.jwks);
      await fetch(as.discoveryUrl);
    } finally {
      await as.close();
    }
    expect(printed).toEqual([]);
  });

  it('lets every other warning through', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await withoutExpectedNotices(() => {
      console.warn('oidc-provider WARNING: a quick start development-only feature devInteractions is enabled, ...');
      console.warn('oidc-provider WARNING: something real');
      console.warn('unrelated');
    });
    expect(warn.mock.calls).toEqual([['oidc-provider WARNING: something real'], ['unrelated']]);
  });

  it('restores console afterwards, also when the action throws', async () => {
    const { warn, info } = console;
    await expect(withoutExpectedNotices(() => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(console.warn).toBe(warn);
    expect(console.info).toBe(info);
  });
});
