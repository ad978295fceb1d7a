import { afterEach, expect, test } from 'vitest';
import {
  App,
  BlockType,
  UIKitIncomingInteractionContainerType,
  type IRoom,
  type IUIKitBlockIncomingInteraction,
  type IUIKitResponse,
  type UIKitBlockInteractionContext,
} from '../src/definition/index.ts';
import { info } from './support/apps.ts';
import type { TestHost } from './support/host.ts';
import { askOverHttp, lastData, setupPoll } from './support/uikit.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

class EchoApp extends App {
  readonly seen: IUIKitBlockIncomingInteraction[] = [];

  async executeBlockActionHandler(context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
    this.seen.push(context.getInteractionData());
    return context.getInteractionResponder().successResponse();
  }
}

test('a button of an ephemeral message reaches the app with the room but no message (Rocket.Chat stores none); only its recipient sees it', async () => {
  const { host, app, alice, modify } = (running = await setupPoll());
  const blocks = modify.getCreator().getBlockBuilder();
  blocks.addActionsBlock({ blockId: 'connect', elements: [blocks.newButtonElement({ actionId: 'connect', text: blocks.newPlainTextObject('Connect'), value: 'google' })] });
  await modify.getNotifier().notifyUser(alice, modify.getNotifier().getMessageBuilder().setText('Connect your account').setBlocks(blocks).getMessage());
  const shown = host.messages.at(-1);
  expect(shown?.recipient?.id).toBe('u1');

  await host.interact({ type: 'blockAction', userId: 'u1', messageId: shown?.id as string, actionId: 'connect' });
  const data = lastData<IUIKitBlockIncomingInteraction>(app);
  expect(data).toMatchObject({ appId: 'poll', actionId: 'connect', blockId: 'connect', value: 'google', container: { type: UIKitIncomingInteractionContainerType.MESSAGE, id: shown?.id } });
  expect(data.room?.id).toBe(shown?.room.id);
  expect(data.message).toBeUndefined();

  await expect(host.interact({ type: 'blockAction', userId: 'u2', messageId: shown?.id as string, actionId: 'connect' })).rejects.toMatchObject({ code: 'message_not_found' });
  await expect(host.interact({ type: 'blockAction', userId: 'u2', actionId: 'connect' })).rejects.toMatchObject({ code: 'action_not_found' });
  await host.interact({ type: 'blockAction', userId: 'u1', actionId: 'connect' });
  expect(app.seen).toHaveLength(2);
});

test('a block action goes to the app that owns the element (its block names it), else to the app that sent the message', async () => {
  const { host, app, alice, roomId } = (running = await setupPoll());
  const echo = await host.install(EchoApp, info('echo'));
  const team = (await host.chat.rooms.getById(roomId)) as IRoom;
  // A message the poll app sends, holding a block built by the echo app and a raw block naming no app.
  const echoBlocks = host.accessors('echo').modify.getCreator().getBlockBuilder();
  echoBlocks.addActionsBlock({ blockId: 'echo-block', elements: [echoBlocks.newButtonElement({ actionId: 'echo', text: echoBlocks.newPlainTextObject('Echo') })] });
  const raw = { type: BlockType.ACTIONS, blockId: 'raw-block', elements: [{ type: 'button', actionId: 'raw', text: { type: 'plain_text', text: 'Raw' } }] };
  const { modify } = host.accessors('poll');
  const messageId = await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(team).setBlocks([...echoBlocks.getBlocks(), raw] as never));

  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'echo' });
  expect(echo.seen.map((data) => [data.appId, data.actionId, data.blockId])).toEqual([['echo', 'echo', 'echo-block']]);
  expect(app.seen).toHaveLength(0);
  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'raw' });
  expect(lastData<IUIKitBlockIncomingInteraction>(app)).toMatchObject({ appId: 'poll', actionId: 'raw', blockId: 'raw-block' });
  await expect(host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'echo', appId: 'poll' })).rejects.toMatchObject({
    code: 'invalid_interaction',
    message: 'The element "echo" belongs to app "echo", not "poll"',
  });

  // A user's own message with a block naming no app: the caller says which app it is for.
  const posted = await host.chat.post({ room: team, sender: alice, blocks: [raw] as never });
  await expect(host.interact({ type: 'blockAction', userId: 'u1', messageId: posted.id, actionId: 'raw' })).rejects.toMatchObject({ code: 'invalid_interaction', message: 'The element "raw" names no app: pass appId' });
  await host.interact({ type: 'blockAction', userId: 'u1', messageId: posted.id, actionId: 'raw', appId: 'echo' });
  expect(echo.seen.at(-1)).toMatchObject({ appId: 'echo', actionId: 'raw' });
});

test('only a member of a private room can click in its messages', async () => {
  const { host, url } = (running = await setupPoll());
  const messageId = await askOverHttp(url, 'team');
  await expect(host.interact({ type: 'blockAction', userId: 'u2', messageId, actionId: 'open-controller' })).rejects.toMatchObject({
    code: 'invalid_interaction',
    message: expect.stringMatching(/^User "u2" is not in room "\w+" of message "\w+"$/),
  });
  await expect(host.interact({ type: 'blockAction', userId: 'u2', actionId: 'open-controller' })).rejects.toMatchObject({ code: 'action_not_found' });
  expect(host.views.of('u2')).toEqual([]);
});
