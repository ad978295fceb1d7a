import { afterEach, expect, test } from 'vitest';
import { RoomType, type IMessage, type IRoom } from '../src/definition/index.ts';
import type { MessageEvent } from '../src/server/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

async function setUp() {
  running = await startHost();
  const { host } = running;
  await host.install(appWith({}), { id: 'msgs', name: 'Message Bot', version: '1.0.0' });
  const alice = await host.users.add({ id: 'u1', username: 'alice' });
  const bob = await host.users.add({ id: 'u2', username: 'bob' });
  const { read, modify } = host.accessors('msgs');
  const creator = modify.getCreator();
  const roomId = await creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('general-2').setCreator(alice).addMemberToBeAddedByUsername('bob'));
  const room = (await read.getRoomReader().getById(roomId)) as IRoom;
  return { host, alice, bob, read, modify, room };
}

test('the app bot user exists from install: <nameSlug>.bot, type app, and getAppUser returns it', async () => {
  const { host, read } = await setUp();
  const bot = await read.getUserReader().getAppUser();
  expect(bot).toMatchObject({ username: 'message-bot.bot', type: 'app', appId: 'msgs', name: 'Message Bot' });
  expect(await read.getUserReader().getAppUser('msgs')).toEqual(bot);
  expect(await read.getUserReader().getAppUser('nope')).toBeUndefined();
  expect(host.getApp('msgs')?.getAppUserUsername()).toBe('message-bot.bot');
});

test('a message with blocks and attachments is sent from the bot, stored, listed and announced', async () => {
  const { host, read, modify, room } = await setUp();
  const events: MessageEvent[] = [];
  host.on('message', (event) => events.push(event));
  const creator = modify.getCreator();
  const blocks = creator.getBlockBuilder();
  blocks.addSectionBlock({ text: blocks.newMarkdownTextObject('*Pick one*') });
  blocks.addActionsBlock({ blockId: 'choice', elements: [blocks.newButtonElement({ actionId: 'yes', text: blocks.newPlainTextObject('Yes'), value: 'y' })] });
  const id = await creator.finish(
    creator.startMessage().setRoom(room).setText('Choose').setBlocks(blocks).addAttachment({ text: 'details', color: '#00f' }).addCustomField('kind', 'poll'),
  );

  const stored = await read.getMessageReader().getById(id);
  expect(stored).toMatchObject({ id, text: 'Choose', attachments: [{ text: 'details', color: '#00f' }], customFields: { kind: 'poll' } });
  expect(stored?.room.id).toBe(room.id);
  expect(stored?.sender.username).toBe('message-bot.bot');
  expect(stored?.blocks).toHaveLength(2);
  // BlockBuilder marks interactive elements with the app id: that is how a click finds its app.
  expect(JSON.stringify(stored?.blocks)).toContain('"appId":"msgs"');
  expect((await read.getMessageReader().getSenderUser(id))?.username).toBe('message-bot.bot');
  expect((await read.getMessageReader().getRoom(id))?.id).toBe(room.id);

  const listed = await read.getRoomReader().getMessages(room.id);
  expect(listed.map((m) => [m.id, m.roomId, m.text, m.sender.username])).toEqual([[id, room.id, 'Choose', 'message-bot.bot']]);
  expect(listed[0]?.createdAt).toBeInstanceOf(Date);
  expect(events.map((e) => [e.id, e.appId, e.room.id, e.sender.username, e.message.text, e.recipient])).toEqual([[id, 'msgs', room.id, 'message-bot.bot', 'Choose', undefined]]);
  expect(host.messages.at(-1)?.message.blocks).toEqual(stored?.blocks);
});

test("getMessages orders by time (asc or desc) and pages with skip and limit; thread replies can be left out", async () => {
  const { alice, read, modify, room } = await setUp();
  const creator = modify.getCreator();
  const ids: string[] = [];
  for (const text of ['one', 'two', 'three']) {
    ids.push(await creator.finish(creator.startMessage().setRoom(room).setSender(alice).setText(text)));
  }
  await creator.finish(creator.startMessage().setRoom(room).setSender(alice).setText('reply').setThreadId(ids[0] as string));
  const texts = async (options: object) => (await read.getRoomReader().getMessages(room.id, options)).map((m) => m.text);
  expect(await texts({})).toEqual(['one', 'two', 'three', 'reply']);
  expect(await texts({ sort: { createdAt: 'desc' } })).toEqual(['reply', 'three', 'two', 'one']);
  expect(await texts({ skip: 1, limit: 2 })).toEqual(['two', 'three']);
  expect(await texts({ showThreadMessages: false })).toEqual(['one', 'two', 'three']);
  const thread = await read.getThreadReader().getThreadById(ids[0] as string);
  expect(thread?.map((m) => m.text)).toEqual(['one', 'reply']);
});

test('the updater edits text and records the editor; reactions; the extender adds attachments; the deleter removes', async () => {
  const { host, alice, bob, read, modify, room } = await setUp();
  const creator = modify.getCreator();
  const id = await creator.finish(creator.startMessage().setRoom(room).setText('draft'));
  const updates: IMessage[] = [];
  const deletions: string[] = [];
  host.on('messageUpdated', (message) => updates.push(message));
  host.on('messageDeleted', ({ id: gone }) => deletions.push(gone));

  const builder = await modify.getUpdater().message(id, alice);
  builder.setText('final');
  await modify.getUpdater().finish(builder);
  const edited = await read.getMessageReader().getById(id);
  expect(edited).toMatchObject({ text: 'final', editor: { id: 'u1' } });
  expect(edited?.editedAt).toBeInstanceOf(Date);
  expect(edited?.sender.username).toBe('message-bot.bot');

  await modify.getUpdater().getMessageUpdater().addReaction(id, bob.id, ':tada:');
  await modify.getUpdater().getMessageUpdater().addReaction(id, alice.id, ':tada:');
  expect((await read.getMessageReader().getById(id))?.reactions).toEqual({ ':tada:': [{ usernames: ['bob', 'alice'] }] });
  await modify.getUpdater().getMessageUpdater().removeReaction(id, bob.id, ':tada:');
  expect((await read.getMessageReader().getById(id))?.reactions).toEqual({ ':tada:': [{ usernames: ['alice'] }] });

  const extender = await modify.getExtender().extendMessage(id, alice);
  extender.addAttachment({ text: 'more' }).addCustomField('n', 1);
  await modify.getExtender().finish(extender);
  expect(await read.getMessageReader().getById(id)).toMatchObject({ attachments: [{ text: 'more' }], customFields: { n: 1 } });
  expect(updates.map((m) => m.text)).toEqual(['final', 'final', 'final', 'final', 'final']);
  expect(host.messages.find((e) => e.id === id)?.message.text).toBe('final');

  await modify.getDeleter().deleteMessage((await read.getMessageReader().getById(id))!, alice);
  expect(await read.getMessageReader().getById(id)).toBeUndefined();
  expect(deletions).toEqual([id]);
  expect(host.messages.find((e) => e.id === id)).toBeUndefined();
});

test('notifications: notifyUser without a room goes to the bot DM, notifyRoom reaches every member once, neither is stored', async () => {
  const { host, alice, read, modify, room } = await setUp();
  const notifier = modify.getNotifier();
  await notifier.notifyUser(alice, notifier.getMessageBuilder().setText('just you').getMessage());
  await notifier.notifyRoom(room, notifier.getMessageBuilder().setText('everyone').getMessage());
  const seen = host.messages.map((e) => [e.recipient?.username, e.room.type, e.message.text, e.sender.username]);
  expect(seen).toEqual([
    ['alice', RoomType.DIRECT_MESSAGE, 'just you', 'message-bot.bot'],
    ['alice', RoomType.CHANNEL, 'everyone', 'message-bot.bot'],
    ['bob', RoomType.CHANNEL, 'everyone', 'message-bot.bot'],
  ]);
  expect(await read.getRoomReader().getMessages(room.id)).toEqual([]);
  const dm = await read.getRoomReader().getDirectByUsernames(['alice', 'message-bot.bot']);
  expect(dm?.id).toBe(host.messages[0]?.room.id);
  expect(read.getNotifier()).toBe(notifier);
  const stop = await notifier.typing({ id: room.id, username: 'alice' });
  await stop();
  await expect(notifier.notifyUser({ id: 'ghost' } as never, notifier.getMessageBuilder().setText('x').getMessage())).rejects.toMatchObject({ code: 'user_not_found' });
});

test('a message needs a room; updater and extender need an existing message', async () => {
  const { alice, modify } = await setUp();
  const creator = modify.getCreator();
  await expect(creator.finish(creator.startMessage().setText('nowhere'))).rejects.toMatchObject({ code: 'invalid_message' });
  await expect(creator.finish(creator.startMessage().setRoom({ id: 'nope' } as IRoom).setText('x'))).rejects.toMatchObject({ code: 'room_not_found' });
  await expect(modify.getUpdater().message('nope', alice)).rejects.toMatchObject({ code: 'message_not_found' });
  await expect(modify.getExtender().extendMessage('nope', alice)).rejects.toMatchObject({ code: 'message_not_found' });
});
