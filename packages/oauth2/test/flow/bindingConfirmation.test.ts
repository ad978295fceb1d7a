import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Keyv from 'keyv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssociationModel, AssociationRecord, type IUser } from '@plugboard/apps-engine';
import type { LogEntry } from '@plugboard/apps-engine/server';
import { bindingCodeFrom, completeConsent } from '@plugboard/testing';
import type { IAuthData } from '../../src/index.ts';
import { getPage, routeTo, startHarness, APP_ID, type Harness, type HarnessOptions } from '../support/harness.ts';

/**
 * SECURITY 25 (issue 12 item 1): a link forwarded to someone else. Alice's `/connect` link is opened
 * by Bob, who signs in at the provider as himself. Without the binding confirmation Bob's account
 * became Alice's; now the token is held until Alice types the code the callback page showed Bob.
 */
let harness: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await harness?.close();
  harness = undefined;
});

const PREFIX = 'plugboard-oauth2:local:';
const logs: LogEntry[] = [];

async function start(options: HarnessOptions = {}): Promise<Harness> {
  logs.length = 0;
  harness = await startHarness({ ...options, client: { bindingConfirmation: true, ...(options.client as object) }, host: { logger: (entry) => logs.push(entry), ...options.host } });
  return harness;
}

/** Alice's link, completed in the browser by `account` at the provider; the callback page. */
async function openAlicesLink(h: Harness, account: string) {
  const consent = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account });
  const page = await getPage(routeTo(h.hosts[0]!, consent.redirectUrl));
  return { ...page, redirectUrl: consent.redirectUrl, code: bindingCodeFrom(page.body) };
}

/** The token the client holds for Alice, read from the store (no key in these tests: records in clear). */
async function heldToken(h: Harness): Promise<IAuthData | undefined> {
  const records = await h.host.accessors(APP_ID).read.getPersistenceReader().readByAssociation(new AssociationRecord(AssociationModel.MISC, 'local-oauth-binding'));
  return (records[0] as { auth?: IAuthData } | undefined)?.auth;
}

/** The bot's messages to a user, newest last. */
function botMessagesTo(h: Harness, user: IUser) {
  return h.host.messages.filter((entry) => entry.appId === APP_ID && entry.room.type === 'd' && (entry.room.usernames ?? []).includes(user.username));
}

function bindingMessage(h: Harness, user: IUser) {
  const entry = botMessagesTo(h, user).at(-1);
  if (!entry) throw new Error(`no bot message to ${user.username}`);
  // The log keeps the message as sent; an update replaces it there.
  return entry;
}

describe('binding confirmation (SECURITY 25)', () => {
  it("a forwarded link: Bob's account is not Alice's until Alice types the code; Bob cannot confirm for her; the page names the chat user and the app", async () => {
    const h = await start();
    const exchanged: string[] = [];
    h.client.on('authorizationCodeExchanged', (event) => exchanged.push(event.userId));
    const page = await openAlicesLink(h, 'bob');

    expect(page.status).toBe(200);
    expect(page.body).toContain('Almost done: confirm in chat');
    expect(page.body).toContain('@alice');
    expect(page.body).toContain('Flow app');
    expect(page.body).toContain('If you are not @alice');
    expect(page.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(page.headers.get('cache-control')).toBe('no-store');

    // Nothing is Alice's yet: no token, no account, no event.
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(await h.client.listAccountsForUser(h.alice)).toEqual([]);
    expect(exchanged).toEqual([]);

    // The bot asked Alice, in her direct room with it, with the client's own buttons; the code is not in chat.
    const message = bindingMessage(h, h.alice);
    expect(message.message.text).toContain('Flow app');
    expect(JSON.stringify(message.message)).not.toContain(page.code!);
    expect(JSON.stringify(message.message.blocks)).toContain(`${PREFIX}binding-enter-code`);
    expect(JSON.stringify(message.message.blocks)).toContain(`${PREFIX}binding-not-me`);

    // Bob has the code, but nothing waits for *his* confirmation.
    expect(await h.client.confirmBinding(h.bob, page.code!)).toEqual({ status: 'none' });
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    expect(await h.client.getAccessTokenForUser(h.bob)).toBeUndefined();

    // Alice types it (the real owner of both sides, in this test): now it is hers.
    expect(await h.client.confirmBinding(h.alice, page.code!.toLowerCase().replace('-', ' '))).toEqual({ status: 'confirmed' });
    expect((await h.client.getAccessTokenForUser(h.alice))?.token).toBeTruthy();
    expect(exchanged).toEqual(['u-alice']);
    // Single use.
    expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'none' });
  });

  it('"Not me" revokes the held token at the provider and drops it; a waiter ends with a denial', async () => {
    const h = await start();
    const wait = h.client.waitForAccessToken(h.alice, { timeoutMs: 30_000 });
    const page = await openAlicesLink(h, 'bob');
    const held = await heldToken(h);
    expect(held?.token).toBeTruthy();
    expect((await h.as.introspect(held!.token)).active).toBe(true);

    await h.host.interact({ type: 'blockAction', userId: 'u-alice', actionId: `${PREFIX}binding-not-me` });

    expect((await h.as.introspect(held!.token)).active).toBe(false);
    expect(await heldToken(h)).toBeUndefined();
    expect(await wait).toEqual({ timedOut: false, failure: 'denied' });
    expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'none' });
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
    // The buttons are gone; the message says what happened.
    const updated = await h.host.accessors(APP_ID).read.getMessageReader().getById(bindingMessage(h, h.alice).message.id!);
    expect(updated?.text).toContain('Not connected');
    expect(JSON.stringify(updated?.blocks ?? [])).not.toContain('binding-not-me');
  });

  it('Enter code opens a modal; a wrong code is refused with the tries left; the right one stores the token and resolves the waiter', async () => {
    const h = await start();
    const wait = h.client.waitForAccessToken(h.alice, { timeoutMs: 30_000 });
    const page = await openAlicesLink(h, 'alice');

    const opened = await h.host.interact({ type: 'blockAction', userId: 'u-alice', actionId: `${PREFIX}binding-enter-code` });
    const viewId = `${PREFIX}binding-code`;
    expect(opened.views.map((open) => open.view.id)).toEqual([viewId]);
    const wrong = await h.host.interact({ type: 'viewSubmit', userId: 'u-alice', viewId, state: { 'binding-code': { code: 'AAAA-AAAA' } } });
    expect(JSON.stringify(wrong.response)).toContain('4 tries left');
    expect(wrong.views.map((open) => open.view.id)).toEqual([viewId]);

    const right = await h.host.interact({ type: 'viewSubmit', userId: 'u-alice', viewId, state: { 'binding-code': { code: page.code! } } });
    expect(right.views).toEqual([]);
    const done = await wait;
    expect(done.timedOut).toBe(false);
    expect(done.result?.token).toBe((await h.client.getAccessTokenForUser(h.alice))?.token);
    const updated = await h.host.accessors(APP_ID).read.getMessageReader().getById(bindingMessage(h, h.alice).message.id!);
    expect(updated?.text).toContain('Connected');
  });

  it("Bob clicking Alice's buttons touches only his own (empty) binding", async () => {
    const h = await start();
    const page = await openAlicesLink(h, 'bob');
    const messageId = bindingMessage(h, h.alice).message.id!;
    // Bob cannot even reach the message: it is in Alice's direct room with the bot.
    await expect(h.host.interact({ type: 'blockAction', userId: 'u-bob', messageId, actionId: `${PREFIX}binding-not-me` })).rejects.toBeDefined();
    // Through the API, his "Not me" finds nothing of his, and Alice's binding stays.
    expect(await h.client.rejectBinding(h.bob)).toBe(false);
    expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'confirmed' });
  });

  it('attempts are limited: the fifth wrong code revokes the token; the right one is useless after', async () => {
    const h = await start();
    const wait = h.client.waitForAccessToken(h.alice, { timeoutMs: 30_000 });
    const page = await openAlicesLink(h, 'bob');
    const held = await heldToken(h);
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push((await h.client.confirmBinding(h.alice, 'ZZZZ-ZZZZ')).status);
    expect(results).toEqual(['wrong_code', 'wrong_code', 'wrong_code', 'wrong_code', 'too_many_attempts']);
    expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'none' });
    expect((await h.as.introspect(held!.token)).active).toBe(false);
    expect(await wait).toEqual({ timedOut: false, failure: 'denied' });
  });

  it("an unconfirmed token expires with the state and is revoked by the next use of the client (here: a link for another user)", async () => {
    const h = await start();
    const wait = h.client.waitForAccessToken(h.alice, { timeoutMs: 30_000 });
    const page = await openAlicesLink(h, 'bob');
    const held = await heldToken(h);
    const ended: string[] = [];
    h.client.on('bindingEnded', (event) => ended.push(`${event.userId}:${event.outcome}`));

    // Eleven minutes later (the state lives ten): only the clock moves, no timer runs.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000 });
    await h.client.getUserAuthorizationUrl(h.bob);
    await vi.waitFor(() => expect(ended, JSON.stringify(logs.slice(-5))).toEqual(['u-alice:expired']), { timeout: 10_000, interval: 20 });
    vi.useRealTimers();

    expect((await h.as.introspect(held!.token)).active).toBe(false);
    expect(await heldToken(h)).toBeUndefined();
    expect(await wait).toEqual({ timedOut: false, failure: 'expired' });
    expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'none' });
  });

  it('with nothing else happening, the host that held it revokes it at expiry (its expiry job)', async () => {
    const h = await start();
    // Timers the test can move (they also run as time passes, so the flow itself is unaffected).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const page = await openAlicesLink(h, 'bob');
    const held = await heldToken(h);
    const ended: string[] = [];
    h.client.on('bindingEnded', (event) => ended.push(`${event.userId}:${event.outcome}`));
    // Eleven minutes pass: the binding's expiry job (in-process scheduler timers) runs.
    vi.advanceTimersByTime(11 * 60_000);
    await vi.waitFor(() => expect(ended).toEqual(['u-alice:expired']), { timeout: 10_000, interval: 20 });
    vi.useRealTimers();
    expect((await h.as.introspect(held!.token)).active).toBe(false);
    expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'none' });
  });

  it('the host that held it goes down before expiry and nothing else happens: the expiry job, run by the next host on the store, revokes it', async () => {
    // One deployment on one store (in-process scheduler); the state, and so the binding, lives 3 s.
    const store = new Keyv();
    const siteUrl = 'https://chat.example.test';
    const client = { bindingConfirmation: true, stateTtlSeconds: 3 };
    const a = await start({ stores: [store], siteUrl, client });
    const page = await openAlicesLink(a, 'bob');
    const held = await heldToken(a);
    expect((await a.as.introspect(held!.token)).active).toBe(true);

    // Host A goes away before its timer could fire (closing it drops its timers, as a crash would).
    await a.hosts[0]!.host.close();
    // Host B starts on the same store later: no callback, confirmation or new link on any host.
    const b = await startHarness({ reuseServer: a.as, stores: [store], siteUrl, client, host: { logger: (entry) => logs.push(entry) } });
    harness = b;
    const ended: string[] = [];
    b.client.on('bindingEnded', (event) => ended.push(`${event.userId}:${event.outcome}`));

    await vi.waitFor(() => expect(ended, JSON.stringify(logs.slice(-5))).toEqual(['u-alice:expired']), { timeout: 20_000, interval: 50 });
    expect((await b.as.introspect(held!.token)).active).toBe(false);
    expect(await heldToken(b)).toBeUndefined();
    expect(await b.client.confirmBinding(b.alice, page.code!)).toEqual({ status: 'none' });
  });

  it('an expired binding whose revocation fails is kept and revoked by a later sweep, never lost', async () => {
    let failing = true;
    let target = '';
    // The provider's revocation endpoint, unavailable on demand (a fault the real server cannot produce).
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (failing) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
        return;
      }
      const answer = await fetch(target, { method: 'POST', headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization) }, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' }).end(await answer.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const h = await start({ client: { revokeTokenUri: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/revoke` } });
      target = h.as.endpoints.revocation;
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
      const page = await openAlicesLink(h, 'bob');
      const held = await heldToken(h);
      const ended: string[] = [];
      h.client.on('bindingEnded', (event) => ended.push(event.outcome));

      vi.advanceTimersByTime(11 * 60_000);
      await vi.waitFor(() => expect(ended).toEqual(['expired']), { timeout: 10_000, interval: 20 });
      // Not revoked, so not dropped; and nobody can confirm it any more.
      expect((await heldToken(h))?.token).toBe(held!.token);
      expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'none' });

      failing = false;
      vi.advanceTimersByTime(31_000);
      await vi.waitFor(async () => expect(await heldToken(h)).toBeUndefined(), { timeout: 10_000, interval: 20 });
      vi.useRealTimers();
      expect((await h.as.introspect(held!.token)).active).toBe(false);
      expect(ended).toEqual(['expired']);
    } finally {
      vi.useRealTimers();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('a newer sign-in replaces the older binding and revokes its token', async () => {
    const h = await start();
    const first = await openAlicesLink(h, 'bob');
    const firstToken = await heldToken(h);
    const second = await openAlicesLink(h, 'alice');
    expect((await h.as.introspect(firstToken!.token)).active).toBe(false);
    expect(await h.client.confirmBinding(h.alice, first.code!)).toMatchObject({ status: 'wrong_code' });
    expect(await h.client.confirmBinding(h.alice, second.code!)).toEqual({ status: 'confirmed' });
  });

  it('neither the code nor a token reaches logs, events, URLs or chat', async () => {
    const h = await start();
    const events: unknown[] = [];
    for (const name of ['authorizationCodeReceived', 'bindingPending', 'authorizationCodeExchanged', 'error'] as const) h.client.on(name, (event) => events.push(event));
    const page = await openAlicesLink(h, 'bob');
    const held = await heldToken(h);
    await h.client.confirmBinding(h.alice, 'WRONG-ONE');
    await h.client.confirmBinding(h.alice, page.code!);
    const code = page.code!;
    const bare = code.replace('-', '');
    const seen = JSON.stringify([logs, events, h.host.messages.map((m) => m.message), page.redirectUrl.href]);
    for (const secret of [code, bare, held!.token]) expect(seen).not.toContain(secret);
  });

  it('sealed under a key: the held binding has no token text in the store', async () => {
    const h = await start({ client: { encryptionKey: new Uint8Array(32).fill(7) } });
    const page = await openAlicesLink(h, 'bob');
    const [record] = await h.host.accessors(APP_ID).read.getPersistenceReader().readByAssociation(new AssociationRecord(AssociationModel.MISC, 'local-oauth-binding'));
    expect(JSON.stringify(record)).not.toMatch(/"auth"|"token"|codeDigest/);
    expect(await h.client.confirmBinding(h.alice, page.code!)).toEqual({ status: 'confirmed' });
  });

  it('off (bindingConfirmation: false): stored at the callback as before; the page names the chat user and the app', async () => {
    const h = await start({ client: { bindingConfirmation: false } });
    const page = await openAlicesLink(h, 'alice');
    expect(page.body).toContain('Connected to @alice in Flow app');
    expect(page.code).toBeUndefined();
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeDefined();
  });

  it('a browser the host authenticated as the chat user skips the confirmation (requireAuthenticatedCallback)', async () => {
    const h = await start({
      client: { requireAuthenticatedCallback: true },
      host: { authenticate: async (request) => {
        const who = request.headers['x-chat-user'];
        return typeof who === 'string' ? ({ id: who, username: who } as IUser) : undefined;
      } },
    });
    const consent = await completeConsent(await h.client.getUserAuthorizationUrl(h.alice), { account: 'alice' });
    const response = await fetch(routeTo(h.hosts[0]!, consent.redirectUrl), { headers: { 'x-chat-user': 'u-alice' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Connected to @alice in Flow app');
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeDefined();
  });
});
