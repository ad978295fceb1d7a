import { completeConsent } from '@plugboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, getPage, startHarness, type Harness, type HarnessOptions } from '../support/harness.ts';
import { buttonOf } from '../support/chat.ts';
import { revokeAtProvider } from '../support/provider.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: HarnessOptions = {}): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

/** What the app's bot sent alice (stored messages and ephemeral ones), oldest first. */
function botMessagesTo(h: Harness, username: string) {
  return h.host.messages.filter((m) => m.appId === APP_ID && (m.recipient ? m.recipient.username === username : (m.room.usernames ?? []).includes(username)));
}

describe('re-link in chat (issue 15 item 3)', () => {
  it('a revoked grant: however many calls fail, alice gets exactly one direct message from the bot; its button makes a fresh link for her alone; consenting reconnects and the message loses its button', async () => {
    const h = await start();
    await h.connect(h.alice);
    const stored = await h.client.getAccessTokenForUser(h.alice);
    await revokeAtProvider(h.as, stored!.refreshToken!);

    // Ten failing calls at once and a few more after: one episode.
    await Promise.allSettled(Array.from({ length: 10 }, () => h.client.refreshUserAccessToken(h.alice)));
    await Promise.allSettled([h.client.refreshUserAccessToken(h.alice), h.client.getAccessTokenForUser(h.alice)]);
    const sent = botMessagesTo(h, 'alice');
    expect(sent).toHaveLength(1);
    const [notice] = sent;
    expect(notice!.recipient).toBeUndefined(); // a direct message that stays in the room, not an ephemeral one
    expect(notice!.room.type).toBe('d');
    expect(notice!.sender.id).not.toBe('u-alice');
    expect(notice!.message.text).toContain('stopped working');
    const button = buttonOf(notice!);
    expect(button.actionId).toBe('plugboard-oauth2:local:relink');
    expect(button.url).toBeUndefined(); // no link sits in the room: it is made at click time
    expect(JSON.stringify(notice!.message)).not.toContain(stored!.refreshToken!);

    // Bob cannot use alice's button for her: a click makes a link for whoever clicked (bob sees no message of alice's).
    await expect(h.host.interact({ type: 'blockAction', userId: 'u-bob', actionId: button.actionId, messageId: notice!.id })).rejects.toThrow();

    const result = await h.host.interact({ type: 'blockAction', userId: 'u-alice', actionId: button.actionId, messageId: notice!.id });
    expect(result.appId).toBe(APP_ID);
    const reply = botMessagesTo(h, 'alice').at(-1)!;
    expect(reply.recipient?.id).toBe('u-alice'); // ephemeral: the link is shown to alice alone, never stored in the room
    const link = new URL(buttonOf(reply).url!);
    expect(link.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'profile']));

    const consent = await completeConsent(link, { account: 'alice' });
    const page = await getPage(`${h.hosts[0]!.url}${consent.redirectUrl.pathname}${consent.redirectUrl.search}`);
    expect(page.status).toBe(200);
    expect(await h.client.getConnectionStatus(h.alice)).toMatchObject({ state: 'connected' });
    // The standing message says so and its button is gone.
    const updated = await h.host.accessors(APP_ID).read.getMessageReader().getById(notice!.id);
    expect(updated?.text).toBe('Your local account is connected again.');
    expect(JSON.stringify(updated?.blocks)).not.toContain('plugboard-oauth2:local:relink');
    // The button is gone: a click on it now finds nothing.
    await expect(h.host.interact({ type: 'blockAction', userId: 'u-alice', actionId: button.actionId, messageId: notice!.id })).rejects.toMatchObject({ code: 'action_not_found' });
  });

  it('relinkMessage: false sends nothing; the event still fires once', async () => {
    const h = await start({ client: { relinkMessage: false } });
    await h.connect(h.alice);
    const events: unknown[] = [];
    h.client.on('reauthorizationRequired', (e) => events.push(e));
    await revokeAtProvider(h.as, (await h.client.getAccessTokenForUser(h.alice))!.refreshToken!);
    await Promise.allSettled([h.client.refreshUserAccessToken(h.alice), h.client.refreshUserAccessToken(h.alice)]);
    expect(events).toHaveLength(1);
    expect(botMessagesTo(h, 'alice')).toEqual([]);
  });

  it('an app words the message itself (text as a function of the notice, button label)', async () => {
    const h = await start({ client: { relinkMessage: { text: (n) => `Calendar access lost (${n.reason}) for ${n.alias}.`, buttonText: 'Reconnect calendar' } } });
    await h.connect(h.alice);
    await revokeAtProvider(h.as, (await h.client.getAccessTokenForUser(h.alice))!.refreshToken!);
    await h.client.refreshUserAccessToken(h.alice).catch(() => {});
    const [notice] = botMessagesTo(h, 'alice');
    expect(notice!.message.text).toBe('Calendar access lost (invalid_grant) for local.');
    expect(JSON.stringify(notice!.message.blocks)).toContain('Reconnect calendar');
  });
});
