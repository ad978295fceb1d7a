import { fileURLToPath } from 'node:url';
import type { LogEntry } from '@plugboard/apps-engine/server';
import { startDevHost, type DevHost } from '@plugboard/cli';
import { completeConsent, confirmBindingInChat } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appModule = fileURLToPath(new URL('../src/index.ts', import.meta.url));
let dev: DevHost;
const logs: LogEntry[] = [];

beforeAll(async () => {
  dev = await startDevHost({ appModule, port: 0, store: 'memory', logger: (entry) => logs.push(entry) });
});
afterAll(async () => {
  await dev?.close();
});

/** Runs a command as alice and returns the text of the message it sent her. */
async function run(command: string): Promise<string> {
  const before = dev.host.messages.length;
  await dev.host.executeSlashCommand({ userId: 'alice', command });
  const sent = dev.host.messages.slice(before).filter((m) => m.recipient?.id === 'alice');
  expect(sent).toHaveLength(1);
  return sent[0]!.message.text ?? '';
}

describe('demo app', () => {
  it('is installed with its commands and a local OAuth client', () => {
    expect(dev.appId).toBe('demo');
    expect(dev.host.slashCommands().map((c) => c.command).sort()).toEqual(['connect', 'disconnect', 'me']);
    expect(dev.aliases).toMatchObject([{ alias: 'local', source: 'local server' }]);
  });

  it('says so when /me runs before /connect', async () => {
    expect(await run('me')).toBe('You are not connected. Run /connect first.');
  });

  it('/connect, consent, /me shows the user, /disconnect revokes', async () => {
    const connect = await run('connect');
    const href = /\[Connect your account\]\((http[^)]+)\)/.exec(connect)?.[1];
    expect(href).toBeDefined();
    const url = new URL(href!);
    expect(url.origin).toBe(new URL(dev.authorizationServer!.issuer).origin);
    expect(url.searchParams.get('scope')).toBe('openid profile email');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');

    const before = dev.host.messages.length;
    const consent = await completeConsent(url, { follow: true });
    expect(consent.status).toBe(200);
    // The page names the chat user and the app, and holds the token until alice types its code in chat.
    expect(consent.body).toContain('@alice in Plugboard demo');
    expect(await confirmBindingInChat(dev.host, { userId: 'alice', alias: 'local', pageHtml: consent.body })).toBe(true);
    expect(dev.host.messages.slice(before).map((m) => m.message.text)).toEqual([
      expect.stringMatching(/^Connected: the local account with the id alice is now linked to your chat user in Plugboard demo/),
      'Connected. Run /me to see who you are.',
    ]);

    const app = dev.app as unknown as { oauth: { getAccessTokenForUser(u: unknown): Promise<{ token: string } | undefined> } };
    const alice = await dev.host.users.getById('alice');
    const token = (await app.oauth.getAccessTokenForUser(alice))!.token;
    expect((await dev.authorizationServer!.introspect(token)).active).toBe(true);

    expect(await run('me')).toBe('You are Alice Liddell <alice@example.test> (subject alice).');
    expect(await run('disconnect')).toBe('Disconnected: your tokens were revoked.');
    expect((await dev.authorizationServer!.introspect(token)).active).toBe(false);
    expect(await run('me')).toBe('You are not connected. Run /connect first.');
    expect(await run('disconnect')).toBe('You were not connected.');

    // No message and no log line carries the token.
    for (const m of dev.host.messages) expect(m.message.text).not.toContain(token);
    for (const entry of logs) expect(entry.message).not.toContain(token);
  });

  it("alice's link opened by bob (the forwarded link): bob's account is not alice's; her Not me revokes it", async () => {
    const href = /\[Connect your account\]\((http[^)]+)\)/.exec(await run('connect'))![1]!;
    const consent = await completeConsent(new URL(href), { account: 'bob', follow: true });
    expect(consent.status).toBe(200);
    expect(consent.body).toContain('If you are not @alice');
    expect(await run('me')).toBe('You are not connected. Run /connect first.');
    // Alice did not sign in: she says so in the bot's message.
    await dev.host.interact({ type: 'blockAction', userId: 'alice', actionId: 'plugboard-oauth2:local:binding-not-me' });
    expect(dev.host.messages.at(-1)?.message.text).toBe('The connection was not completed.');
    expect(await run('me')).toBe('You are not connected. Run /connect first.');
  });
});
