import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IUser } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { google } from '@plugboard/oauth2/providers';
import { confirmBindingInChat } from '@plugboard/testing';
import GoogleCalendarApp, { ALIAS, CALENDAR_API_SETTING, CALENDAR_SCOPE, info } from '../src/index.ts';
import { startFakeGoogle } from './support/fakeGoogle.ts';

const CLIENT = { clientId: '1234-example.apps.googleusercontent.com', clientSecret: 'GOCSPX-example/secret+1' };
const EVENTS = [
  { summary: 'Standup', start: { dateTime: '2030-01-07T09:00:00Z' } },
  { summary: 'Planning', start: { dateTime: '2030-01-07T14:00:00Z' } },
];

let fake: Awaited<ReturnType<typeof startFakeGoogle>>;
let host: AppHost;
let hostUrl: string;
let app: GoogleCalendarApp;
let alice: IUser;

beforeAll(async () => {
  fake = await startFakeGoogle({ ...CLIENT, events: EVENTS });
  host = new AppHost({ logger: () => {} });
  hostUrl = (await host.listen({ port: 0, host: '127.0.0.1' })).url;
  // The google() preset as it is (authorization URL, access_type=offline, its revocation quirks),
  // with the back-channel endpoints moved to the fake: explicit *Uri options win over the preset.
  const Local = GoogleCalendarApp.using({
    provider: google(),
    accessTokenUri: `${fake.origin}/token`,
    revokeTokenUri: `${fake.origin}/revoke`,
  });
  app = await host.install(Local, info);
  await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, CLIENT.clientId);
  await host.settings.set(info.id, `${ALIAS}-oauth-clientsecret`, CLIENT.clientSecret);
  await host.settings.set(info.id, CALENDAR_API_SETTING, `${fake.origin}/calendar/v3`);
  alice = await host.users.add({ id: 'u-alice', username: 'alice' });
});

afterAll(async () => {
  await host?.close();
  await fake?.close();
});

async function calendar(args = ''): Promise<string[]> {
  const before = host.messages.length;
  await host.executeSlashCommand({ userId: alice.id, command: 'calendar', args });
  return host.messages.slice(before).map((event) => event.message.text ?? '');
}

function linkIn(text: string | undefined): URL {
  return new URL(/https?:\/\/\S+/.exec(text ?? '')?.[0] ?? 'about:blank');
}

/**
 * What Google's consent screen does: the user approves, the browser comes back with a code; then,
 * in chat, alice types the code the page showed (binding confirmation).
 */
async function approveAndReturn(link: URL, code = fake.approve(link)): Promise<{ status: number }> {
  const callback = new URL(`${hostUrl}/api/apps/public/${info.id}/${ALIAS}-callback`);
  callback.search = new URLSearchParams({ state: link.searchParams.get('state') ?? '', code, scope: CALENDAR_SCOPE }).toString();
  const response = await fetch(callback, { redirect: 'manual' });
  const pageHtml = await response.text();
  if (response.status === 200) await confirmBindingInChat(host, { userId: alice.id, alias: ALIAS, pageHtml });
  return { status: response.status };
}

describe('/calendar with the google() preset', () => {
  it('sends a Google authorization link with offline access and the calendar scope', async () => {
    const [text] = await calendar();
    expect(text).toMatch(/^Connect your Google Calendar first: /);
    const link = linkIn(text);
    expect(link.origin + link.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    const params = link.searchParams;
    expect(params.get('access_type')).toBe('offline');
    expect(params.get('scope')).toBe(CALENDAR_SCOPE);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(CLIENT.clientId);
    expect(params.get('redirect_uri')).toBe(`${hostUrl}/api/apps/public/${info.id}/${ALIAS}-callback`);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.href).not.toContain(encodeURIComponent(CLIENT.clientSecret));
  });

  it('connects, lists the next events, and disconnects', async () => {
    const link = linkIn((await calendar())[0]);
    const before = host.messages.length;
    const page = await approveAndReturn(link);
    expect(page.status).toBe(200);
    expect(host.messages.slice(before).map((event) => event.message.text)).toEqual([
      expect.stringMatching(/^Connected: a google account is now linked to your chat user in /),
      'Google Calendar connected. Run /calendar to see your next events.',
    ]);

    const token = await app.oauth.getAccessTokenForUser(alice);
    expect(token?.refreshToken).toMatch(/^1\/\//);
    expect(token?.expiresAt).toBeGreaterThan(Date.now());

    expect(await calendar()).toEqual(['Your next events:\n- 2030-01-07T09:00:00Z Standup\n- 2030-01-07T14:00:00Z Planning']);
    const listed = fake.requests.filter((request) => request.path.endsWith('/events')).at(-1);
    expect(listed?.query.get('singleEvents')).toBe('true');
    expect(listed?.query.get('orderBy')).toBe('startTime');
    expect(listed?.query.has('timeMin')).toBe(true);

    expect(await calendar('disconnect')).toEqual(['Google Calendar disconnected: access revoked at Google.']);
    expect(fake.isLive(token!.token)).toBe(false);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
    expect((await calendar())[0]).toMatch(/^Connect your Google Calendar first: /);
  });

  it('a replayed callback is refused before any token request, and the stored token stays', async () => {
    const link = linkIn((await calendar())[0]);
    const code = fake.approve(link);
    expect((await approveAndReturn(link, code)).status).toBe(200);
    const stored = await app.oauth.getAccessTokenForUser(alice);
    // Same state again: refused before any token request.
    const tokenRequests = fake.requests.filter((request) => request.path === '/token').length;
    expect((await approveAndReturn(link, code)).status).toBeGreaterThanOrEqual(400);
    expect(fake.requests.filter((request) => request.path === '/token')).toHaveLength(tokenRequests);
    expect((await app.oauth.getAccessTokenForUser(alice))?.token).toBe(stored?.token);
    await calendar('disconnect');
  });

  it('a code Google did not issue stores nothing (502)', async () => {
    const link = linkIn((await calendar())[0]);
    expect((await approveAndReturn(link, '4/forged')).status).toBe(502);
    expect(await app.oauth.getAccessTokenForUser(alice)).toBeUndefined();
  });

  it('refuses to send tokens to a plain-http Calendar API off loopback', async () => {
    await host.settings.set(info.id, CALENDAR_API_SETTING, 'http://calendar.example.com/v3');
    const link = linkIn((await calendar())[0]);
    expect((await approveAndReturn(link)).status).toBe(200);
    await expect(calendar()).rejects.toMatchObject({ code: 'command_failed' });
    await host.settings.set(info.id, CALENDAR_API_SETTING, `${fake.origin}/calendar/v3`);
    await calendar('disconnect');
  });
});
