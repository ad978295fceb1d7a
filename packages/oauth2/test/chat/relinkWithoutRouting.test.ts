import type { AppHost, MessageEvent } from '@plugboard/apps-engine/server';
import { completeConsent } from '@plugboard/testing';
import { expect, it } from 'vitest';
import { buttonOf } from '../support/chat.ts';
import { useForwardingHost } from '../support/forwardingApp.ts';
import { getPage } from '../support/harness.ts';

/**
 * The re-link message on a host that does not route a library's clicks (as on a Rocket.Chat
 * server, where plugboardUIExtend is undefined): the button is a link made when the message is
 * sent; an app that forwards its clicks to `handleBlockAction` gets click-time links as well.
 */
const APP = 'rc-like';
const start = useForwardingHost();

function bot(h: AppHost): MessageEvent[] {
  return h.messages.filter((m) => m.appId === APP);
}

it('the connect message carries a link made when sent (valid once, within the state lifetime); consent through it completes the waiting call; "New link" (a click the app forwards) makes a fresh one', async () => {
  const { host, url, app, alice } = await start({ appId: APP, name: 'RC-like', client: { bindingConfirmation: false } });

  const call = app.oauth.withAccessToken(alice, (token) => token.scope, { onReauth: 'prompt', deadlineMs: 60_000 });
  for (let i = 0; i < 100 && bot(host).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const [notice] = bot(host);
  expect(notice!.message.text).toBe('Connect your id account to continue.');
  expect(JSON.stringify(notice!.message.blocks)).toContain('The link works once, within 10 minutes.');
  const link = buttonOf(notice!).url!;
  expect(new URL(link).searchParams.get('state')).toBeTruthy();

  // Opening the link reports a click too (Rocket.Chat): it makes nothing new.
  await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice!).actionId, messageId: notice!.id });
  expect(bot(host)).toHaveLength(1);
  // "New link", forwarded by the app's own handler: a fresh link, shown to alice alone; the app sees no click of the client's.
  await host.interact({ type: 'blockAction', userId: 'u-alice', actionId: buttonOf(notice!, 1).actionId, messageId: notice!.id });
  const fresh = bot(host).at(-1)!;
  expect(fresh.recipient?.id).toBe('u-alice');
  expect(buttonOf(fresh).url).not.toBe(link);
  expect(app.appSaw).toBe(0);

  const consent = await completeConsent(link, { account: 'alice' });
  expect((await getPage(`${url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`)).status).toBe(200);
  await expect(call).resolves.toContain('openid');
});
