import { afterEach, expect, test } from 'vitest';
import { App, type IModify, type IUIKitResponse, type UIKitBlockInteractionContext } from '../src/definition/index.ts';
import type { Interaction } from '../src/server/index.ts';
import { info } from './support/apps.ts';
import type { TestHost } from './support/host.ts';
import { MODAL_ID, questionModal } from './support/pollApp.ts';
import { askOverHttp, setupPoll } from './support/uikit.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

test('bad interactions reject with stable codes and plain messages', async () => {
  const { host, url, roomId } = (running = await setupPoll());
  const messageId = await askOverHttp(url, 'team');
  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'open-responder' });
  const cases: Array<[unknown, string, string | RegExp]> = [
    [undefined, 'invalid_interaction', 'Unknown interaction type undefined: expected "blockAction", "viewSubmit", "viewClosed" or "actionButton"'],
    [{ type: 'click', userId: 'u1' }, 'invalid_interaction', /^Unknown interaction type "click"/],
    [{ type: 'blockAction', actionId: 'pick', messageId }, 'invalid_interaction', 'userId must be a non-empty string'],
    [{ type: 'blockAction', userId: 'ghost', actionId: 'pick', messageId }, 'user_not_found', /ghost/],
    [{ type: 'blockAction', userId: 'u1', messageId }, 'invalid_interaction', 'actionId must be a non-empty string'],
    [{ type: 'blockAction', userId: 'u1', actionId: 'pick', messageId, viewId: MODAL_ID }, 'invalid_interaction', 'A block action happens in a message or in a view: give messageId or viewId, not both'],
    [{ type: 'blockAction', userId: 'u1', actionId: 'pick', messageId: 'nope' }, 'message_not_found', 'User "u1" has no message "nope"'],
    [{ type: 'blockAction', userId: 'u1', actionId: 'nope', messageId }, 'action_not_found', `Message "${messageId}" has no element with action id "nope"`],
    [{ type: 'blockAction', userId: 'u1', actionId: 'pick', blockId: 'other', messageId }, 'action_not_found', `Message "${messageId}" has no element with action id "pick" in block "other"`],
    [{ type: 'blockAction', userId: 'u1', actionId: 'pick', messageId, roomId: 'elsewhere' }, 'invalid_interaction', `Message "${messageId}" is in room "${roomId}", not "elsewhere"`],
    [{ type: 'blockAction', userId: 'u1', actionId: 'nope', viewId: MODAL_ID }, 'action_not_found', `View "${MODAL_ID}" has no element with action id "nope"`],
    [{ type: 'blockAction', userId: 'u2', actionId: 'shout', viewId: MODAL_ID }, 'view_not_found', `User "u2" has no view "${MODAL_ID}" open`],
    [{ type: 'viewSubmit', userId: 'u1', viewId: 'nope' }, 'view_not_found', 'User "u1" has no view "nope" open'],
    [{ type: 'viewSubmit', userId: 'u1' }, 'invalid_interaction', 'viewId must be a non-empty string'],
    [{ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: 'answer' }, 'invalid_interaction', 'state must be an object: block id -> action id -> value'],
    [{ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'answer-block': 'x' } }, 'invalid_interaction', 'state["answer-block"] must be an object: action id -> value'],
    [{ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'answer-block': { typo: 'x' } } }, 'invalid_interaction', `View "${MODAL_ID}" has no input "typo" in block "answer-block"`],
    [{ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'modal-actions': { shout: 'x' } } }, 'invalid_interaction', `View "${MODAL_ID}" has no input "shout" in block "modal-actions"`],
    [{ type: 'viewClosed', userId: 'u1', viewId: MODAL_ID, isCleared: 'yes' }, 'invalid_interaction', 'isCleared must be a boolean'],
    [{ type: 'viewClosed', userId: 'u2', viewId: MODAL_ID }, 'view_not_found', `User "u2" has no view "${MODAL_ID}" open`],
    [{ type: 'actionButton', userId: 'u1', actionId: 'insert', roomId, text: 42 }, 'invalid_interaction', 'text must be a string'],
    [{ type: 'blockAction', userId: 'u1', actionId: 'pick', messageId, triggerId: '' }, 'invalid_interaction', 'triggerId must be a non-empty string'],
  ];
  for (const [interaction, code, message] of cases) {
    await expect(host.interact(interaction as Interaction), JSON.stringify(interaction)).rejects.toMatchObject({ name: 'HostError', code, message });
  }
  // Nothing of it touched the open view.
  expect(host.views.of('u1').map((open) => [open.view.id, open.errors, open.state])).toEqual([[MODAL_ID, undefined, { 'answer-block': { answer: 'draft' } }]]);

  await host.close();
  await expect(host.interact({ type: 'viewClosed', userId: 'u1', viewId: MODAL_ID })).rejects.toMatchObject({ code: 'host_closed' });
});

test('a handler that throws: interaction_failed with its error as cause, logged once under the app; the view stays open', async () => {
  const { host, url, app, logs } = (running = await setupPoll());
  await askOverHttp(url, 'team');
  await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'open-responder' });

  for (const interaction of [
    { type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID, state: { 'answer-block': { answer: 'yes' } } },
    { type: 'viewClosed', userId: 'u1', viewId: MODAL_ID },
    { type: 'blockAction', userId: 'u1', viewId: MODAL_ID, actionId: 'shout' },
  ] as const) {
    app.failNext = true;
    const failure = host.interact(interaction);
    await expect(failure).rejects.toMatchObject({ code: 'interaction_failed', cause: new Error('handler exploded') });
  }
  expect(logs.filter((entry) => entry.level === 'error').map((entry) => [entry.appId, entry.message.split('\n')[0]])).toEqual([
    ['poll', 'executeViewSubmitHandler failed: Error: handler exploded'],
    ['poll', 'executeViewClosedHandler failed: Error: handler exploded'],
    ['poll', 'executeBlockActionHandler failed: Error: handler exploded'],
  ]);
  expect(host.views.of('u1').map((open) => [open.view.id, open.state])).toEqual([[MODAL_ID, { 'answer-block': { answer: 'yes' } }]]);
});

test('an app without the handler: the interaction is ignored with a warning; an unanswered submit leaves the view open', async () => {
  running = await setupPoll();
  const { host, logs, alice } = running as Awaited<ReturnType<typeof setupPoll>>;
  class OnlyOpens extends App {
    async executeBlockActionHandler(context: UIKitBlockInteractionContext, _read: unknown, _http: unknown, _persistence: unknown, modify: IModify): Promise<IUIKitResponse> {
      return context.getInteractionResponder().openModalViewResponse(questionModal(modify));
    }
  }
  class Silent extends App {}
  class Garbled extends App {
    async executeBlockActionHandler(): Promise<IUIKitResponse> {
      return { success: true, type: 'modal.open' } as IUIKitResponse; // no view
    }
  }
  await host.install(OnlyOpens, info('opens'));
  await host.install(Silent, info('silent'));
  await host.install(Garbled, info('garbled'));
  const { modify } = host.accessors('opens');
  const direct = await host.chat.directRoom([alice, (await host.users.getById('opens.bot'))!]);
  const blocks = modify.getCreator().getBlockBuilder();
  blocks.addActionsBlock({ elements: [blocks.newButtonElement({ actionId: 'go', text: blocks.newPlainTextObject('Go') })] });
  const messageId = await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(direct).setBlocks(blocks));

  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'go' });
  const submitted = await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: MODAL_ID });
  expect(submitted).toMatchObject({ appId: 'opens', response: undefined });
  expect(submitted.views.map((open) => open.view.id)).toEqual([MODAL_ID]);
  const ignored = await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'go', appId: 'opens' });
  expect(ignored.response).toMatchObject({ type: 'modal.open' });

  const silentBlocks = host.accessors('silent').modify.getCreator().getBlockBuilder();
  silentBlocks.addActionsBlock({ elements: [silentBlocks.newButtonElement({ actionId: 'hush', text: silentBlocks.newPlainTextObject('Hush') })] });
  const silentMessage = await host.accessors('silent').modify.getCreator().finish(host.accessors('silent').modify.getCreator().startMessage().setRoom(direct).setBlocks(silentBlocks));
  const unanswered = await host.interact({ type: 'blockAction', userId: 'u1', messageId: silentMessage, actionId: 'hush' });
  expect(unanswered).toMatchObject({ appId: 'silent', response: undefined });

  const garbledCreator = host.accessors('garbled').modify.getCreator();
  const garbledBlocks = garbledCreator.getBlockBuilder();
  garbledBlocks.addActionsBlock({ elements: [garbledBlocks.newButtonElement({ actionId: 'mess', text: garbledBlocks.newPlainTextObject('Mess') })] });
  const garbledMessage = await garbledCreator.finish(garbledCreator.startMessage().setRoom(direct).setBlocks(garbledBlocks));
  const garbled = await host.interact({ type: 'blockAction', userId: 'u1', messageId: garbledMessage, actionId: 'mess' });
  expect(garbled).toMatchObject({ appId: 'garbled', response: { type: 'modal.open' } });
  expect(garbled.views.map((open) => open.appId)).toEqual(['opens']);
  expect(logs.filter((entry) => entry.level === 'warn').map((entry) => [entry.appId, entry.message])).toEqual([
    ['opens', 'The app has no executeViewSubmitHandler: the interaction is ignored'],
    ['silent', 'The app has no executeBlockActionHandler: the interaction is ignored'],
    [
      'garbled',
      "The response of executeBlockActionHandler is not applied: modal.open: not a view, update or errors Rocket.Chat's client understands (a view with an id, or a viewId and errors); nothing changed",
    ],
  ]);
});
