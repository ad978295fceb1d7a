import { bindingCodeFrom, completeConsent, confirmBindingInChat } from '@plugboard/testing';
import { expect, it } from 'vitest';
import { FORWARDING_ALIAS, useForwardingHost } from '../support/forwardingApp.ts';
import { getPage } from '../support/harness.ts';

/**
 * The binding confirmation on a host that does not route a library's interactions (as on a
 * Rocket.Chat server): the page tells the user to give the code as the app asks, and an app that
 * forwards its handlers to the client gets the Enter code button and modal working.
 */
const start = useForwardingHost();

it('without the host routing the client\'s buttons, an app that forwards its handlers confirms through them; the page says to give the code as the app asks', async () => {
  const { host, url, app, alice } = await start({ appId: 'rc-binding', name: 'Forwarding' });

  const consent = await completeConsent(await app.oauth.getUserAuthorizationUrl(alice), { account: 'alice' });
  const page = await getPage(`${url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`);
  expect(page.body).toContain('give Forwarding this code in the chat as it asks you to');
  expect(bindingCodeFrom(page.body)).toBeDefined();
  expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();

  expect(await confirmBindingInChat(host, { userId: alice.id, alias: FORWARDING_ALIAS, pageHtml: page.body })).toBe(true);
  expect((await app.oauth.getAccessTokenForUser(alice))?.token).toBeTruthy();
  expect(app.appSaw).toBe(0);
});
