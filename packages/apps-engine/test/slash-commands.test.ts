import { afterEach, expect, test } from 'vitest';
import { RoomType, type ISlashCommand, type SlashCommandContext, type IRead, type IModify } from '../src/definition/index.ts';
import type { MessageEvent } from '../src/server/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

const connect: ISlashCommand = {
  command: 'connect',
  i18nParamsExample: '[service]',
  i18nDescription: 'Connect an account',
  providesPreview: false,
  async executor(context: SlashCommandContext, _read: IRead, modify: IModify): Promise<void> {
    const notifier = modify.getNotifier();
    const message = notifier.getMessageBuilder().setText(`args=${context.getArguments().join(',')} room=${context.getRoom().slugifiedName}`).getMessage();
    await notifier.notifyUser(context.getSender(), message);
  },
};

const broken: ISlashCommand = { ...connect, command: 'broken', executor: async () => Promise.reject(new Error('broken command')) };

test('a slash command runs as the user; its notification lands in host.messages and the message event', async () => {
  running = await startHost();
  const { host } = running;
  await host.install(appWith({ commands: [connect] }), info('cmd'));
  const alice = await host.users.add({ id: 'u1', username: 'alice' });
  const events: MessageEvent[] = [];
  host.on('message', (event) => events.push(event));

  await host.executeSlashCommand({ userId: 'u1', command: '/connect', args: 'google  calendar' });
  const roomId = await host.accessors('cmd').modify.getCreator().finish(
    host.accessors('cmd').modify.getCreator().startRoom().setType(RoomType.CHANNEL).setSlugifiedName('r2').setCreator(alice),
  );
  await host.executeSlashCommand({ userId: 'u1', command: 'connect', args: ['x'], room: roomId });

  expect(host.messages.map((event) => [event.appId, event.recipient, event.message.text])).toEqual([
    ['cmd', alice, 'args=google,calendar room=general'],
    ['cmd', alice, 'args=x room=r2'],
  ]);
  // Without a room, a notification shows in the user's direct room with the app's bot user.
  expect(host.messages.map((event) => [event.room.type, [...event.room.usernames].sort(), event.sender.username])).toEqual([
    ['d', ['alice', 'app-cmd.bot'], 'app-cmd.bot'],
    ['d', ['alice', 'app-cmd.bot'], 'app-cmd.bot'],
  ]);
  expect(events).toEqual([...host.messages]);
  expect(host.slashCommands()).toEqual([{ appId: 'cmd', command: 'connect', i18nParamsExample: '[service]', i18nDescription: 'Connect an account' }]);
  expect(host.apps()[0]?.commands).toEqual(['connect']);
});

test('unknown commands, unknown users and failing commands reject with codes', async () => {
  running = await startHost();
  const { host, logs } = running;
  await host.install(appWith({ commands: [connect, broken] }), info('cmd'));
  await host.users.add({ id: 'u1', username: 'alice' });
  await expect(host.executeSlashCommand({ userId: 'u1', command: 'nope' })).rejects.toMatchObject({ code: 'command_not_found' });
  await expect(host.executeSlashCommand({ userId: 'ghost', command: 'connect' })).rejects.toMatchObject({ code: 'user_not_found' });
  const failure = host.executeSlashCommand({ userId: 'u1', command: 'broken' });
  await expect(failure).rejects.toMatchObject({ code: 'command_failed', cause: new Error('broken command') });
  expect(logs.filter((entry) => entry.level === 'error' && entry.appId === 'cmd')).toHaveLength(1);
});
