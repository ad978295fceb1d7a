import { expect } from 'vitest';
import { RoomType } from '../../src/definition/index.ts';
import type { AppHost, ViewChange } from '../../src/server/index.ts';
import { info } from './apps.ts';
import { startHost } from './host.ts';
import { PollApp } from './pollApp.ts';

/** A host on loopback with the poll app, alice and bob, and a private room "team" of alice's. */
export async function setupPoll() {
  const { host, url, logs } = await startHost();
  const app = await host.install(PollApp, info('poll'));
  const alice = await host.users.add({ id: 'u1', username: 'alice' });
  const bob = await host.users.add({ id: 'u2', username: 'bob' });
  const { modify } = host.accessors('poll');
  const roomId = await modify.getCreator().finish(
    modify.getCreator().startRoom().setType(RoomType.PRIVATE_GROUP).setSlugifiedName('team').setCreator(alice).setMembersToBeAddedByUsernames(['alice']),
  );
  return { host, url, logs, app, alice, bob, roomId, modify };
}

/** Posts the question through the app's endpoint, over HTTP, as a webhook would. */
export async function askOverHttp(url: string, room: string): Promise<string> {
  const response = await fetch(`${url}/api/apps/public/poll/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { messageId: string }).messageId;
}

/** The interaction data of the last context the app's handlers saw. */
export function lastData<T>(app: PollApp): T {
  return (app.seen.at(-1) as unknown as { getInteractionData(): T }).getInteractionData();
}

/** [kind, view id, app id] of every `view` event from now on. */
export function viewEvents(host: AppHost): Array<[string, string, string]> {
  const seen: Array<[string, string, string]> = [];
  host.on('view', (change: ViewChange) => seen.push([change.kind, change.view.view.id, change.view.appId]));
  return seen;
}
