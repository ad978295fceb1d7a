import { afterEach, expect, test } from 'vitest';
import {
  App,
  RoomType,
  type IHttp,
  type IMessage,
  type IMessageBuilder,
  type IMessageExtender,
  type IModify,
  type IPersistence,
  type IPostMessageSent,
  type IPostMessageSentToBot,
  type IPreMessageSentExtend,
  type IPreMessageSentModify,
  type IPreMessageSentPrevent,
  type IRead,
} from '../src/definition/index.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

const calls: string[] = [];

/** Rocket.Chat's message listeners, as a real app implements them (the GitHub app unfurls links this way). */
class Listening extends App implements IPreMessageSentPrevent, IPreMessageSentExtend, IPreMessageSentModify, IPostMessageSent, IPostMessageSentToBot {
  async checkPreMessageSentPrevent(message: IMessage): Promise<boolean> {
    return (message.text ?? '').includes('forbidden');
  }

  async executePreMessageSentPrevent(message: IMessage): Promise<boolean> {
    calls.push(`prevent:${message.text}`);
    return true;
  }

  async executePreMessageSentExtend(message: IMessage, extend: IMessageExtender): Promise<IMessage> {
    calls.push(`extend:${message.text}`);
    if ((message.text ?? '').includes('PR#')) extend.addAttachment({ title: { value: 'Pull request 42' }, text: 'Open' });
    return extend.getMessage();
  }

  async executePreMessageSentModify(message: IMessage, builder: IMessageBuilder): Promise<IMessage> {
    calls.push(`modify:${message.text}`);
    return builder.setText((message.text ?? '').replace('teh', 'the')).getMessage();
  }

  async executePostMessageSent(message: IMessage, _read: IRead, _http: IHttp, _persistence: IPersistence, _modify: IModify): Promise<void> {
    calls.push(`post:${message.text}:${message.id ? 'stored' : 'unstored'}`);
  }

  async executePostMessageSentToBot(message: IMessage, read: IRead, _http: IHttp, _persistence: IPersistence, modify: IModify): Promise<void> {
    calls.push(`toBot:${message.text}`);
    const bot = await read.getUserReader().getAppUser();
    await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(message.room).setSender(bot!).setText(`echo: ${message.text}`));
  }
}

async function setUp() {
  calls.length = 0;
  running = await startHost();
  const { host } = running;
  await host.install(Listening, { id: 'listen', name: 'Listen', version: '1.0.0' });
  const alice = await host.users.add({ id: 'u1', username: 'alice' });
  const { modify } = host.accessors('listen');
  const creator = modify.getCreator();
  const channel = await creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('dev').setCreator(alice));
  return { host, alice, channel };
}

test('a user message goes through prevent, extend and modify before it is stored, then post', async () => {
  const { host, channel } = await setUp();
  const sent = await host.sendMessage({ userId: 'u1', room: 'dev', text: 'see PR#42, teh fix' });
  expect(calls).toEqual(['extend:see PR#42, teh fix', 'modify:see PR#42, teh fix', 'post:see PR#42, the fix:stored']);
  expect(sent?.message).toMatchObject({ text: 'see PR#42, the fix', attachments: [{ title: { value: 'Pull request 42' }, text: 'Open' }] });
  expect(sent?.sender.username).toBe('alice');
  expect(sent?.appId).toBeUndefined();
  const stored = await host.accessors('listen').read.getRoomReader().getMessages(channel);
  expect(stored.map((message) => message.text)).toEqual(['see PR#42, the fix']);
});

test('a listener that prevents the message stops it: nothing is stored or announced', async () => {
  const { host, channel } = await setUp();
  const before = host.messages.length;
  expect(await host.sendMessage({ userId: 'u1', room: channel, text: 'something forbidden' })).toBeUndefined();
  expect(calls).toEqual(['prevent:something forbidden']);
  expect(host.messages.length).toBe(before);
  expect(await host.accessors('listen').read.getRoomReader().getMessages(channel)).toEqual([]);
});

test("a message in the app bot's direct room reaches executePostMessageSentToBot; the bot's reply does not loop", async () => {
  const { host, alice } = await setUp();
  const bot = (await host.accessors('listen').read.getUserReader().getAppUser())!;
  const dm = await host.chat.directRoom([alice, bot]);
  await host.sendMessage({ userId: 'u1', room: dm.id, text: 'hello bot' });
  expect(calls).toEqual(['extend:hello bot', 'modify:hello bot', 'toBot:hello bot', 'post:hello bot:stored']);
  expect(host.messages.filter((event) => event.room.id === dm.id).map((event) => `${event.sender.username}: ${event.message.text}`)).toEqual([
    'alice: hello bot',
    'listen.bot: echo: hello bot',
  ]);
});

test('a listener that throws is logged under its app and the message still goes through', async () => {
  calls.length = 0;
  running = await startHost();
  const { host, logs } = running;
  class Broken extends App implements IPostMessageSent {
    async executePostMessageSent(): Promise<void> {
      throw new Error('listener broke');
    }
  }
  await host.install(Broken, { id: 'broken', name: 'Broken', version: '1.0.0' });
  await host.users.add({ id: 'u1', username: 'alice' });
  const room = await host.chat.directRoom([(await host.users.getById('u1'))!, (await host.users.getById('broken.bot'))!]);
  expect((await host.sendMessage({ userId: 'u1', room: room.id, text: 'hi' }))?.message.text).toBe('hi');
  expect(logs.filter((entry) => entry.appId === 'broken' && entry.level === 'error').map((entry) => entry.message)).toEqual([expect.stringContaining('executePostMessageSent failed')]);
  await expect(host.sendMessage({ userId: 'ghost', room: room.id, text: 'x' })).rejects.toMatchObject({ code: 'user_not_found' });
  await expect(host.sendMessage({ userId: 'u1', room: 'nowhere', text: 'x' })).rejects.toMatchObject({ code: 'room_not_found' });
});
