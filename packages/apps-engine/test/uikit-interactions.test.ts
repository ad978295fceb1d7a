import { afterEach, expect, test } from 'vitest';
import {
  App,
  UIKitBlockInteractionContext,
  UIKitIncomingInteractionContainerType,
  UIKitInteractionType,
  UIKitSurfaceType,
  UIKitViewCloseInteractionContext,
  UIKitViewSubmitInteractionContext,
  type IModify,
  type IUIKitBlockIncomingInteraction,
  type IUIKitResponse,
  type IUIKitViewCloseIncomingInteraction,
  type IUIKitViewSubmitIncomingInteraction,
  type IRoom,
  type UIKitBlockInteractionContext as BlockContext,
} from '../src/definition/index.ts';
import { info } from './support/apps.ts';
import type { TestHost } from './support/host.ts';
import { MODAL_ID, questionModal } from './support/pollApp.ts';
import { askOverHttp, lastData, setupPoll, viewEvents } from './support/uikit.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

test('a click on a message button runs executeBlockActionHandler with the official context; the UI controller opens the modal', async () => {
  const { host, url, app, roomId } = (running = await setupPoll());
  const events = viewEvents(host);
  const messageId = await askOverHttp(url, 'team');

  const result = await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'open-controller' });

  expect(app.seen).toHaveLength(1);
  expect(app.seen[0]).toBeInstanceOf(UIKitBlockInteractionContext);
  const data = lastData<IUIKitBlockIncomingInteraction>(app);
  expect(data).toMatchObject({
    appId: 'poll',
    actionId: 'open-controller',
    blockId: 'ask-actions',
    value: 'v1',
    triggerId: result.triggerId,
    container: { type: UIKitIncomingInteractionContainerType.MESSAGE, id: messageId },
  });
  expect([data.user.id, data.room?.id, data.message?.id, data.message?.text]).toEqual(['u1', roomId, messageId, 'Question']);
  expect(result.triggerId).toMatch(/^\w{17}$/);
  expect(result).toMatchObject({ appId: 'poll', response: { success: true } });

  const [open] = result.views;
  expect(result.views).toHaveLength(1);
  expect(open).toMatchObject({ appId: 'poll', userId: 'u1', triggerId: result.triggerId, roomId, state: { 'answer-block': { answer: 'draft' } } });
  expect(open?.view).toMatchObject({ id: MODAL_ID, appId: 'poll', type: UIKitSurfaceType.MODAL, title: { text: 'Your answer' }, submit: { actionId: 'submit' } });
  expect(open?.errors).toBeUndefined();
  expect(host.views.of('u1')).toEqual(result.views);
  expect(host.views.of('u2')).toEqual([]);
  expect(events).toEqual([['opened', MODAL_ID, 'poll']]);

  // Each click carries a fresh trigger id.
  const again = await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'pick', value: 'b' });
  expect(again.triggerId).not.toBe(result.triggerId);
  expect(lastData<IUIKitBlockIncomingInteraction>(app)).toMatchObject({ actionId: 'pick', value: 'b', triggerId: again.triggerId });
});

test('a responder modal opens; submitting it runs executeViewSubmitHandler with the view and its state; success closes it', async () => {
  const { host, url, app, roomId } = (running = await setupPoll());
  await askOverHttp(url, 'team');
  // Without messageId: the newest message alice sees that holds the element.
  const opened = await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'open-responder' });
  expect(opened.response).toMatchObject({ success: true, type: UIKitInteractionType.MODAL_OPEN, appId: 'poll', triggerId: opened.triggerId, view: { id: MODAL_ID } });
  expect(opened.views.map((open) => open.view.id)).toEqual([MODAL_ID]);

  const submitted = await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, roomId, state: { 'answer-block': { answer: 'yes' } } });

  expect(app.seen.at(-1)).toBeInstanceOf(UIKitViewSubmitInteractionContext);
  const data = lastData<IUIKitViewSubmitIncomingInteraction>(app);
  expect(data).toMatchObject({ appId: 'poll', triggerId: submitted.triggerId, view: { id: MODAL_ID, appId: 'poll', title: { text: 'Your answer' }, state: { 'answer-block': { answer: 'yes' } } } });
  expect([data.user.id, data.room?.id]).toEqual(['u1', roomId]);
  expect(submitted.response).toEqual({ success: true });
  expect(submitted.views).toEqual([]);
  expect(host.messages.at(-1)?.message.text).toBe('answer: yes');
});

test('an errors response keeps the modal open with its errors; an update keeps it and clears them; success closes it', async () => {
  const { host, url } = (running = await setupPoll());
  const events = viewEvents(host);
  await askOverHttp(url, 'team');
  await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'open-responder' });

  const rejected = await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'answer-block': { answer: 'bad' } } });
  expect(rejected.response).toMatchObject({ success: false, type: UIKitInteractionType.ERRORS, viewId: MODAL_ID, errors: { 'answer-block': 'Say something else' } });
  expect(rejected.views).toHaveLength(1);
  expect(rejected.views[0]).toMatchObject({ errors: { 'answer-block': 'Say something else' }, state: { 'answer-block': { answer: 'bad' } } });

  const updated = await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'answer-block': { answer: 'again' } } });
  expect(updated.views).toHaveLength(1);
  expect(updated.views[0]?.view.title).toMatchObject({ text: 'Once more' });
  expect(updated.views[0]?.errors).toBeUndefined();
  expect(updated.views[0]?.state).toEqual({ 'answer-block': { answer: 'again' } });

  const accepted = await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'answer-block': { answer: 'fine' } } });
  expect(accepted.views).toEqual([]);
  // Opened; values entered, errors set; values entered, view updated; values entered, closed.
  expect(events.map(([kind]) => kind)).toEqual(['opened', 'updated', 'updated', 'updated', 'updated', 'updated', 'closed']);

  // A plain errorResponse() carries no errors: Rocket.Chat's client closes the submitted view then too.
  await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'open-responder' });
  const refused = await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'answer-block': { answer: 'refuse' } } });
  expect(refused.response).toEqual({ success: false });
  expect(refused.views).toEqual([]);
});

test('closing a view runs executeViewClosedHandler with the view, its state and isCleared; an app without one closes it too', async () => {
  const { host, url, app, roomId } = (running = await setupPoll());
  await askOverHttp(url, 'team');
  await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'open-responder' });

  const closed = await host.interact({ type: 'viewClosed', userId: 'u1', viewId: MODAL_ID, isCleared: true, state: { 'answer-block': { answer: 'half' } } });

  expect(app.seen.at(-1)).toBeInstanceOf(UIKitViewCloseInteractionContext);
  const data = lastData<IUIKitViewCloseIncomingInteraction>(app);
  expect(data).toMatchObject({ appId: 'poll', isCleared: true, view: { id: MODAL_ID, state: { 'answer-block': { answer: 'half' } } } });
  expect(data.user.id).toBe('u1');
  expect(data.triggerId).toBeUndefined(); // Rocket.Chat does not hand the app a close's trigger id
  expect(closed).toMatchObject({ response: { success: true }, views: [] });

  class NoCloseHandler extends App {
    async executeBlockActionHandler(context: BlockContext, _read: unknown, _http: unknown, _persistence: unknown, modify: IModify): Promise<IUIKitResponse> {
      return context.getInteractionResponder().openModalViewResponse(questionModal(modify));
    }
  }
  await host.install(NoCloseHandler, info('plain'));
  const { modify } = host.accessors('plain');
  const blocks = modify.getCreator().getBlockBuilder();
  blocks.addActionsBlock({ elements: [blocks.newButtonElement({ actionId: 'go', text: blocks.newPlainTextObject('Go') })] });
  const team = (await host.chat.rooms.getById(roomId)) as IRoom;
  const messageId = await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(team).setBlocks(blocks));
  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'go' });
  expect(host.views.of('u1').map((open) => open.appId)).toEqual(['plain']);
  const defaulted = await host.interact({ type: 'viewClosed', userId: 'u1', viewId: MODAL_ID });
  expect(defaulted).toMatchObject({ appId: 'plain', response: { success: true }, views: [] });
});
