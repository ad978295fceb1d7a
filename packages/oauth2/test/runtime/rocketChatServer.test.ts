import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runInContext, createContext } from 'node:vm';
import { webcrypto } from 'node:crypto';
import { build } from 'esbuild';
import { App, type IAppAccessors, type IConfigurationExtend, type IHttp, type IModify, type IPersistence, type IRead, type IUser } from '@plugboard/apps-engine';
import { AppHost, type LogEntry } from '@plugboard/apps-engine/server';
import { bindingCodeFrom, completeConsent, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Oauth2 from '../../src/index.ts';
import type * as Core from '../../src/core/index.ts';
import type * as Providers from '../../src/providers/index.ts';
import type * as RocketChat from '../../src/rocketchat.ts';
import { getPage } from '../support/harness.ts';
import { sha256Base64url } from '../../src/core/digest.ts';

/**
 * Issue 10: @plugboard/oauth2 inside an app deployed to a real Rocket.Chat server. The app's build
 * bundles it; Rocket.Chat's runtime gives the app only its accessors, WebCrypto and the official
 * definitions. Here the package entries are bundled by esbuild for a neutral platform (a Node
 * builtin anywhere on the path fails the build), evaluated in a V8 context without Buffer,
 * process or require (only `@rocket.chat/apps-engine`, which the server provides), and a whole
 * flow runs with the bundle in an app whose `getAccessors()` has only Rocket.Chat's official fields.
 */
interface Bundle {
  oauth2: typeof Oauth2;
  core: typeof Core;
  providers: typeof Providers;
  rocketchat: typeof RocketChat;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function bundle(): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    stdin: {
      contents: [
        "export * as oauth2 from '@plugboard/oauth2';",
        "export * as core from '@plugboard/oauth2/core';",
        "export * as providers from '@plugboard/oauth2/providers';",
        "export * as rocketchat from '@plugboard/oauth2/rocketchat';",
      ].join('\n'),
      resolveDir: here('../..'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    platform: 'neutral',
    format: 'cjs',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    // What a Rocket.Chat server provides to every app: the official definitions.
    external: ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*'],
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/** Evaluates the bundle where only the web platform's globals exist, as in Rocket.Chat's Deno runtime. */
function evaluate(code: string): Bundle {
  const nodeRequire = createRequire(here('../../../apps-engine/package.json'));
  const provided = (name: string) => {
    if (name === '@rocket.chat/apps-engine' || name.startsWith('@rocket.chat/apps-engine/')) return nodeRequire(name) as unknown;
    throw new Error(`the bundle asked for ${name}, which a Rocket.Chat server does not provide`);
  };
  const context = createContext({
    crypto: webcrypto,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    atob,
    btoa,
    AbortController,
    AbortSignal,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    structuredClone,
    console,
  });
  const module = { exports: {} as Bundle };
  const wrapper = runInContext(`(function (module, exports, require) {${code}\n})`, context) as (m: typeof module, e: Bundle, r: typeof provided) => void;
  wrapper(module, module.exports, provided);
  expect(runInContext('[typeof Buffer, typeof process, typeof require, typeof global]', context)).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  return module.exports;
}

let as: AuthorizationServer;
let built: { code: string; inputs: string[] };
let loaded: Bundle;
beforeAll(async () => {
  as = await startAuthorizationServer({ rotateRefreshTokens: true });
  built = await bundle();
  loaded = evaluate(built.code);
});
afterAll(() => as.close());

/** Rocket.Chat's `IAppAccessors`, nothing more: what `getAccessors()` returns on a Rocket.Chat server. */
function officialOnly(accessors: IAppAccessors): IAppAccessors {
  const { environmentReader, environmentWriter, reader, http, providedApiEndpoints } = accessors;
  return { environmentReader, environmentWriter, reader, http, providedApiEndpoints };
}

describe('@plugboard/oauth2 on a Rocket.Chat server (issue 10)', () => {
  it('bundles for a neutral platform: no Node builtin on the runtime path of any entry', () => {
    expect(built.inputs.some((input) => input.includes('packages/oauth2/src/'))).toBe(true);
    expect(built.inputs.filter((input) => /^node:|\/node_modules\/(buffer|events|process)\//.test(input))).toEqual([]);
    expect(typeof loaded.oauth2.createOAuth2Client).toBe('function');
    expect(typeof loaded.rocketchat.createOAuth2Client).toBe('function');
    expect(loaded.core.codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(typeof loaded.providers.google).toBe('function');
  });

  it('runs a whole flow with only the official accessors: pending authorizations in memory or in the handler\'s persis, no refresh it could not store', async () => {
    const logs: LogEntry[] = [];
    const host = new AppHost({ logger: (entry) => logs.push(entry) });
    try {
      const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
      const clientOptions = { alias: 'rc', issuer: as.issuer, defaultScopes: ['openid', 'offline_access'], extraAuthParams: { prompt: 'consent' }, refreshWindowSeconds: 3600, encryptionKey: webcrypto.getRandomValues(new Uint8Array(32)) };
      class RocketChatApp extends App {
        oauth!: ReturnType<typeof loaded.rocketchat.createOAuth2Client>;
        override getAccessors(): IAppAccessors {
          return officialOnly(super.getAccessors());
        }
        protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
          this.oauth = loaded.rocketchat.createOAuth2Client(this, clientOptions);
          await this.oauth.setup(configuration);
        }
      }
      const app = await host.install(RocketChatApp, { id: 'rc-app', name: 'RC app', version: '1.0.0' });
      await host.settings.set('rc-app', 'rc-oauth-client-id', 'rc-client');
      await host.settings.set('rc-app', 'rc-oauth-clientsecret', 'rc-secret');
      await as.addClient({ clientId: 'rc-client', clientSecret: 'rc-secret', redirectUris: [`${url}/api/apps/public/rc-app/rc-callback`], tokenEndpointAuthMethod: 'client_secret_post' });
      const alice = (await host.users.add({ id: 'u-alice', username: 'alice' })) as IUser;
      const bob = (await host.users.add({ id: 'u-bob', username: 'bob' })) as IUser;
      const { persistence, read, modify } = host.accessors('rc-app');

      // Rocket.Chat's signature, outside a handler: the pending authorization stays in this process.
      const first = await completeConsent(await app.oauth.getUserAuthorizationUrl(alice), { account: 'alice' });
      expect(first.redirectUrl.searchParams.get('code_challenge')).toBeNull();
      const firstPage = await getPage(`${url}${first.redirectUrl.pathname}${first.redirectUrl.search}`);
      expect(firstPage.status, logs.map((l) => l.message).join('\n')).toBe(200);
      // Binding confirmation: the chat user types the page's code; the app takes it with its own command.
      expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
      expect(await app.oauth.confirmBinding(alice, bindingCodeFrom(firstPage.body)!, { persis: persistence, modify })).toEqual({ status: 'confirmed' });
      const token = await app.oauth.getAccessTokenForUser(alice);
      expect(token?.refreshToken).toBeTruthy();

      const stateRecord = (authUrl: URL) => read.getPersistenceReader().read(`oauth2-state:rc:${sha256Base64url(authUrl.searchParams.get('state')!)}`);
      expect(await stateRecord(await app.oauth.getUserAuthorizationUrl(alice))).toBeUndefined();
      // In a handler, the app passes its persis: the pending authorization goes to the store.
      const bobsUrl = await app.oauth.getUserAuthorizationUrl(bob, [], { persis: persistence });
      expect(await stateRecord(bobsUrl)).toBeDefined();
      const second = await completeConsent(bobsUrl, { account: 'bob' });
      const secondPage = await getPage(`${url}${second.redirectUrl.pathname}${second.redirectUrl.search}`);
      expect(secondPage.status).toBe(200);
      expect(await app.oauth.confirmBinding(bob, bindingCodeFrom(secondPage.body)!, { persis: persistence, modify })).toEqual({ status: 'confirmed' });

      // Due for a refresh (the window is an hour), but nothing could store a rotated refresh token:
      // the current token is served, the grant is kept, and that is logged once.
      as.resetCounters();
      expect((await app.oauth.getAccessTokenForUser(alice))?.token).toBe(token?.token);
      expect((await app.oauth.getAccessTokenForUser(alice))?.token).toBe(token?.token);
      expect(as.counters.refreshGrants).toBe(0);
      expect(logs.filter((entry) => entry.message.includes('not refreshed'))).toHaveLength(1);

      // With a handler's persis the refresh runs and is stored; then revocation.
      const refreshed = await app.oauth.refreshUserAccessToken(alice, persistence);
      expect(refreshed?.token).not.toBe(token?.token);
      expect((await app.oauth.getAccessTokenForUser(alice))?.token).toBe(refreshed?.token);
      expect(await app.oauth.revokeUserAccessToken(alice, persistence)).toBe(true);
      expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
      await expect(app.oauth.refreshUserAccessToken(bob)).rejects.toMatchObject({ code: 'configuration_invalid' });
      // withAccessToken needs the handler's persis here (a 401 could not be refreshed away), and a
      // prompt the handler's read and modify (the re-link message could not be sent): said at once.
      await expect(app.oauth.withAccessToken(alice, () => 'x')).rejects.toMatchObject({ code: 'configuration_invalid' });
      await expect(app.oauth.withAccessToken(alice, () => 'x', { persis: persistence, onReauth: 'prompt' })).rejects.toMatchObject({ code: 'configuration_invalid' });
      // No scheduler that honours keyed jobs: no background refresh registered.
      expect(app.oauth.background.active).toBe(false);
    } finally {
      await host.close();
    }
  });
});
