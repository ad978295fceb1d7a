import { afterEach, expect, test } from 'vitest';
import { RoomType, UIKitIncomingInteractionContainerType, UIKitSurfaceType, type IUIKitBlockIncomingInteraction } from '../src/definition/index.ts';
import type { TestHost } from './support/host.ts';
import { MODAL_ID, questionModal } from './support/pollApp.ts';
import { askOverHttp, lastData, setupPoll, viewEvents } from './support/uikit.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

const warnings = (logs: TestHost['logs']) => logs.filter((entry) => entry.level === 'warn' && entry.appId === 'poll').map((entry) => entry.message);

test('a trigger id shows one view: a response after a UI controller view of the same click is dropped, and the app is told', async () => {
  const { host, url, logs } = (running = await setupPoll());
  await askOverHttp(url, 'team');

  const result = await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'open-both' });

  expect(result.response).toMatchObject({ type: 'modal.open', view: { id: 'second-modal' } });
  expect(result.views.map((open) => [open.view.id, (open.view.title as { text: string }).text])).toEqual([[MODAL_ID, 'controller']]);
  expect(warnings(logs)).toEqual([expect.stringMatching(/executeBlockActionHandler is not applied: modal\.open carries trigger id "\w+", which user "u1"'s client is not waiting on/)]);
});

test('a view sent with a trigger id the user never had is not shown; an update of a view that is not open changes nothing', async () => {
  const { host, logs, alice, modify } = (running = await setupPoll());
  const events = viewEvents(host);

  await modify.getUiController().openModalView(questionModal(modify), { triggerId: 'made-up' }, alice);
  await modify.getUiController().openSurfaceView({ ...questionModal(modify), type: UIKitSurfaceType.HOME }, { triggerId: 'made-up' }, alice);

  expect(host.views.of('u1')).toEqual([]);
  expect(events).toEqual([]);
  expect(warnings(logs)).toEqual([
    expect.stringMatching(/^openModalView: modal\.open carries trigger id "made-up", which user "u1"'s client is not waiting on .*Rocket\.Chat would not show it/),
    'openSurfaceView: Rocket.Chat shows no "home" surface; nothing was shown',
  ]);

  // A slash command's trigger id is one the user's client waits on: the command can open a view with it.
  const { roomId } = running as Awaited<ReturnType<typeof setupPoll>>;
  await host.executeSlashCommand({ userId: 'u1', command: 'ask', args: 'modal', room: roomId });
  expect(host.views.of('u1').map((open) => [open.view.id, (open.view.title as { text: string }).text, open.roomId])).toEqual([[MODAL_ID, 'From a command', roomId]]);

  // Its trigger is used up now: an update with it goes nowhere, and bob never had it.
  const { triggerId } = host.views.of('u1')[0] as { triggerId: string };
  await modify.getUiController().updateModalView(questionModal(modify, 'late'), { triggerId }, alice);
  expect((host.views.of('u1')[0]?.view.title as { text: string }).text).toBe('From a command');
});

test('a block action inside a modal: container "view", the input value kept in the view state, updateModalView with its trigger', async () => {
  const { host, url, app } = (running = await setupPoll());
  await askOverHttp(url, 'team');
  await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'open-responder' });

  // Typing in an input that dispatches actions: the value reaches the app and stays in the view.
  const typed = await host.interact({ type: 'blockAction', userId: 'u1', viewId: MODAL_ID, actionId: 'answer', value: 'typed' });
  expect(lastData<IUIKitBlockIncomingInteraction>(app)).toMatchObject({
    actionId: 'answer',
    blockId: 'answer-block',
    value: 'typed',
    container: { type: UIKitIncomingInteractionContainerType.VIEW, id: MODAL_ID },
  });
  expect(lastData<IUIKitBlockIncomingInteraction>(app).message).toBeUndefined();
  expect(typed.views[0]?.state).toEqual({ 'answer-block': { answer: 'typed' } });

  // A button in the modal: the handler updates the modal with the click's trigger id; the typed value stays.
  const shouted = await host.interact({ type: 'blockAction', userId: 'u1', viewId: MODAL_ID, actionId: 'shout' });
  expect(shouted.views).toHaveLength(1);
  expect(shouted.views[0]).toMatchObject({ triggerId: shouted.triggerId, state: { 'answer-block': { answer: 'typed' } }, view: { title: { text: 'LOUD' } } });
  expect(shouted.views[0]?.errors).toBeUndefined();

  // Submitting without state sends what the view holds.
  await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID });
  expect(lastData<{ view: { state: unknown } }>(app).view.state).toEqual({ 'answer-block': { answer: 'typed' } });
});

test('views are per user; uninstalling the app closes its views', async () => {
  const { host, url, alice, modify } = (running = await setupPoll());
  await modify.getCreator().finish(modify.getCreator().startRoom().setType(RoomType.CHANNEL).setSlugifiedName('lobby').setCreator(alice));
  const messageId = await askOverHttp(url, 'lobby');
  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'open-responder' });
  await host.interact({ type: 'blockAction', userId: 'u2', messageId, actionId: 'open-controller' });
  await host.interact({ type: 'viewSubmit', userId: 'u2', viewId: MODAL_ID, state: { 'answer-block': { answer: 'bad' } } });
  expect(host.views.of('u1').map((open) => [open.userId, open.errors])).toEqual([['u1', undefined]]);
  expect(host.views.of('u2').map((open) => [open.userId, open.errors])).toEqual([['u2', { 'answer-block': 'Say something else' }]]);

  const events = viewEvents(host);
  await host.uninstall('poll');
  expect(events).toEqual([
    ['closed', MODAL_ID, 'poll'],
    ['closed', MODAL_ID, 'poll'],
  ]);
  expect([host.views.of('u1'), host.views.of('u2')]).toEqual([[], []]);
  await expect(host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'open-responder' })).rejects.toMatchObject({ code: 'app_not_found' });
});
