import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppHost } from '@plugboard/apps-engine/server';
import { useDevelopmentAuthorizationServer } from '@plugboard/oauth2';
import { bindingCodeFrom, completeConsent, startAuthorizationServer } from '@plugboard/testing';
import ConnectApp, { info } from '../src/app.js';

test("/connect links alice's account, against a real local authorization server", async (t) => {
  const server = await startAuthorizationServer();
  const host = new AppHost({ logger: () => {} });
  t.after(async () => {
    await host.close();
    await server.close();
  });
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  const app = await host.install(ConnectApp, info);

  // The local server plays Google: it gets a client, and the app's google() client is pointed at it.
  const alias = 'google';
  await server.addClient({ clientId: 'test-client', clientSecret: 'test-secret', redirectUris: [`${url}/api/apps/public/${info.id}/${alias}-callback`] });
  await host.settings.set(info.id, `${alias}-oauth-client-id`, 'test-client');
  await host.settings.set(info.id, `${alias}-oauth-clientsecret`, 'test-secret');
  assert.ok(useDevelopmentAuthorizationServer(app.oauth, server.issuer));

  const alice = await host.users.add({ id: 'u-alice', username: 'alice' });
  await host.executeSlashCommand({ userId: alice.id, command: 'connect' });
  const link = /\((https?:\/\/[^)]+)\)/.exec(host.messages.at(-1)?.message.text ?? '')?.[1];
  assert.ok(link, 'the app posted a link');

  // Alice signs in and consents; her browser follows the redirect back to the app's callback.
  const page = await completeConsent(new URL(link), { account: 'alice', follow: true });
  assert.equal(page.status, 200);
  // Binding confirmation (on by default): a forwarded link must not connect someone else's account,
  // so the page shows a one-time code that alice confirms in chat (the bot's message has an Enter
  // code button); here the test hands it to the client directly. Nothing is stored before that.
  assert.equal(await app.oauth.getAccessTokenForUser(alice), undefined);
  const confirmed = await app.oauth.confirmBinding(alice, bindingCodeFrom(page.body) ?? '');
  assert.equal(confirmed.status, 'confirmed');
  assert.ok((await app.oauth.getAccessTokenForUser(alice))?.token);
  assert.equal(host.messages.at(-1)?.message.text, 'Connected.');
});
