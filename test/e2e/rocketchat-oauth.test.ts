// An app written for Rocket.Chat, importing Rocket.Chat's own createOAuth2Client
// (@rocket.chat/apps-engine/definition/oauth2/OAuth2), loaded with host.installFrom: it gets
// Plugboard's client (@plugboard/oauth2/rocketchat) and completes a flow against the real
// authorization server of @plugboard/testing, authenticating with client_secret_post.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { AssociationModel, AssociationRecord } from '@plugboard/apps-engine';
import { completeConsent, confirmBindingInChat, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import { AppFolders } from '../../packages/apps-engine/test/support/appFolders.ts';
import { startHost, type TestHost } from '../../packages/apps-engine/test/support/host.ts';

const APP_ID = 'acme-connect';
const folders = new AppFolders();
let running: TestHost | undefined;
let as: AuthorizationServer | undefined;
afterEach(async () => {
  await running?.host.close();
  await as?.close();
  running = undefined;
  as = undefined;
  await folders.cleanup();
});

/** The newest message the app showed the user. */
const lastText = (host: TestHost['host']) => host.messages.at(-1)?.message.text ?? '';

test('the official import gets a random state and S256 PKCE, and completes a flow with client_secret_post', async () => {
  as = await startAuthorizationServer();
  running = await startHost();
  const { host, url } = running;
  const folder = await folders.copy('oauth-connect');
  const { authorization, token, revocation, userinfo } = as.endpoints;
  await writeFile(join(folder, 'config.ts'), `export const ACME = ${JSON.stringify({ authorize: authorization, token, revoke: revocation, userinfo })};\n`);
  // Only client_secret_post is accepted for this client: a Basic header would be invalid_client.
  const redirectUri = `${url}/api/apps/public/${APP_ID}/acme-callback`;
  await as.addClient({ clientId: 'acme-client', clientSecret: 'acme-secret', redirectUris: [redirectUri], tokenEndpointAuthMethod: 'client_secret_post' });

  await host.installFrom(folder);
  expect(running.logs.filter((entry) => entry.level === 'warn')).toEqual([]);
  await host.settings.set(APP_ID, 'acme-oauth-client-id', 'acme-client');
  await host.settings.set(APP_ID, 'acme-oauth-clientsecret', 'acme-secret');
  const alice = await host.users.add({ id: 'u1', username: 'alice' });

  await host.executeSlashCommand({ userId: 'u1', command: 'acme', args: 'connect' });
  const link = new URL(/https?:\/\/\S+/.exec(lastText(host))?.[0] ?? 'missing:');
  const params = link.searchParams;
  expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(params.get('state')).not.toBe(alice.id); // Rocket.Chat's own client sends the user id
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(params.get('redirect_uri')).toBe(redirectUri);
  expect(link.href).not.toContain('acme-secret');
  await host.executeSlashCommand({ userId: 'u1', command: 'acme', args: 'connect' });
  expect(new URL(/https?:\/\/\S+/.exec(lastText(host))?.[0] ?? 'missing:').searchParams.get('state')).not.toBe(params.get('state'));

  const consent = await completeConsent(link, { account: 'alice' });
  const page = await fetch(`${url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`);
  expect(page.status).toBe(200);
  // Binding confirmation, with no code in the app: the client's own button in the bot's message.
  expect(await confirmBindingInChat(host, { userId: 'u1', pageHtml: await page.text() })).toBe(true);
  expect(lastText(host)).toBe('Connected to Acme'); // the app's authorizationCallback
  expect(as.counters.successfulAuthorizationCodeGrants).toBe(1);

  // Where Rocket.Chat's client keeps the token: associated with the user and `<alias>-oauth-connection`.
  const records = (await host.accessors(APP_ID).read.getPersistenceReader().readByAssociations([
    new AssociationRecord(AssociationModel.USER, alice.id),
    new AssociationRecord(AssociationModel.MISC, 'acme-oauth-connection'),
  ])) as Array<{ token?: string }>;
  expect(records).toHaveLength(1);
  expect((await as.introspect(records[0]?.token ?? '')).active).toBe(true);

  await host.executeSlashCommand({ userId: 'u1', command: 'acme', args: 'me' });
  expect(lastText(host)).toBe('Acme says you are alice');
  await host.executeSlashCommand({ userId: 'u1', command: 'acme', args: 'disconnect' });
  expect(lastText(host)).toBe('Disconnected');
  expect(as.counters.revocations).toBeGreaterThan(0);
});
