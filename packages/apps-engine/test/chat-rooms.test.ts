import { afterEach, expect, test } from 'vitest';
import { RoomType, type IRoom } from '../src/definition/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

async function setUp() {
  running = await startHost();
  const { host } = running;
  await host.install(appWith({}), info('rooms'));
  const alice = await host.users.add({ id: 'u1', username: 'alice' });
  const bob = await host.users.add({ id: 'u2', username: 'bob' });
  const { read, modify } = host.accessors('rooms');
  return { host, alice, bob, read, modify };
}

test('a channel made with startRoom/finish is readable by id and name, with its creator and members', async () => {
  const { host, alice, bob, read, modify } = await setUp();
  const changed: IRoom[] = [];
  host.on('room', (room) => changed.push(room));
  const creator = modify.getCreator();
  const id = await creator.finish(
    creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('ops').setDisplayName('Ops').setCreator(alice).setMembersToBeAddedByUsernames(['bob']),
  );
  const room = await read.getRoomReader().getById(id);
  expect(room).toMatchObject({ id, slugifiedName: 'ops', displayName: 'Ops', type: RoomType.CHANNEL, usernames: ['alice', 'bob'], userIds: ['u1', 'u2'] });
  expect(room?.creator).toEqual(alice);
  expect(room?.createdAt).toBeInstanceOf(Date);
  expect(await read.getRoomReader().getByName('ops')).toEqual(room);
  expect(await read.getRoomReader().getCreatorUserByName('ops')).toEqual(alice);
  expect((await read.getRoomReader().getMembers(id)).map((user) => user.id)).toEqual(['u1', 'u2']);
  expect(await read.getRoomReader().getOwners(id)).toEqual([alice]);
  expect(await read.getUserReader().getUserRoomIds(bob.id)).toEqual([id]);
  expect(changed.map((r) => r.id)).toEqual([id]);
  const all = await read.getRoomReader().getAllRooms({ types: [RoomType.CHANNEL] });
  expect(all?.map((r) => [r.slugifiedName, r.creator])).toEqual([['ops', { _id: 'u1', username: 'alice', name: 'alice' }]]);
});

test('a direct room is found by its members in any order, and finishing it twice gives the same room', async () => {
  const { alice, bob, read, modify } = await setUp();
  expect(await read.getRoomReader().getDirectByUsernames(['alice', 'bob'])).toBeUndefined();
  const creator = modify.getCreator();
  const direct = () => creator.startRoom().setType(RoomType.DIRECT_MESSAGE).setCreator(alice).setMembersToBeAddedByUsernames(['alice', 'bob']);
  const first = await creator.finish(direct());
  expect(await creator.finish(direct())).toBe(first);
  const room = await read.getRoomReader().getDirectByUsernames(['bob', 'alice']);
  expect(room).toMatchObject({ id: first, type: RoomType.DIRECT_MESSAGE, usernames: ['alice', 'bob'] });
  expect(room?.creator.id).toBe(alice.id);
  expect(await read.getRoomReader().getDirectByUsernames(['bob'])).toBeUndefined();
  expect(bob.id).toBe('u2');
});

test('members are added with the extender, removed with the deleter; rooms are deleted with their messages', async () => {
  const { host, alice, bob, read, modify } = await setUp();
  const creator = modify.getCreator();
  const id = await creator.finish(creator.startRoom().setType(RoomType.PRIVATE_GROUP).setSlugifiedName('team').setCreator(alice));
  const extender = await modify.getExtender().extendRoom(id, alice);
  extender.addMember(bob).addCustomField('topic', 'deploys');
  await modify.getExtender().finish(extender);
  expect(await read.getRoomReader().getById(id)).toMatchObject({ usernames: ['alice', 'bob'], customFields: { topic: 'deploys' } });

  await modify.getDeleter().removeUsersFromRoom(id, ['bob']);
  expect((await read.getRoomReader().getById(id))?.usernames).toEqual(['alice']);

  await creator.finish(creator.startMessage().setRoom((await read.getRoomReader().getById(id))!).setText('hi'));
  const deleted: string[] = [];
  host.on('roomDeleted', ({ id: gone }) => deleted.push(gone));
  await modify.getDeleter().deleteRoom(id);
  expect(await read.getRoomReader().getById(id)).toBeUndefined();
  expect(await read.getRoomReader().getMessages(id)).toEqual([]);
  expect(deleted).toEqual([id]);
});

test('the updater renames a room and keeps its id, type and creation time', async () => {
  const { alice, read, modify } = await setUp();
  const creator = modify.getCreator();
  const id = await creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('old').setCreator(alice));
  const before = await read.getRoomReader().getById(id);
  const builder = await modify.getUpdater().room(id, alice);
  builder.setSlugifiedName('new').setReadOnly(true);
  await modify.getUpdater().finish(builder);
  const after = await read.getRoomReader().getById(id);
  expect(after).toMatchObject({ id, slugifiedName: 'new', isReadOnly: true, type: RoomType.CHANNEL, createdAt: before?.createdAt });
  expect(await read.getRoomReader().getByName('old')).toBeUndefined();
  expect((await read.getRoomReader().getByName('new'))?.id).toBe(id);
});

test('bad rooms are refused with codes: no type, no creator, a taken or invalid name, unknown members', async () => {
  const { alice, modify } = await setUp();
  const creator = modify.getCreator();
  await expect(creator.finish(creator.startRoom().setSlugifiedName('x').setCreator(alice))).rejects.toMatchObject({ code: 'invalid_room' });
  await expect(creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('x'))).rejects.toMatchObject({ code: 'invalid_room' });
  await expect(creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('a b').setCreator(alice))).rejects.toMatchObject({ code: 'invalid_room' });
  await creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('taken').setCreator(alice));
  await expect(creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('taken').setCreator(alice))).rejects.toMatchObject({ code: 'room_exists' });
  await expect(
    creator.finish(creator.startRoom().setType(RoomType.CHANNEL).setSlugifiedName('y').setCreator(alice).addMemberToBeAddedByUsername('ghost')),
  ).rejects.toMatchObject({ code: 'user_not_found' });
});
