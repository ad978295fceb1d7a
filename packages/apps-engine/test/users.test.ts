import { afterEach, expect, test } from 'vitest';
import { UserStatusConnection, UserType } from '../src/definition/index.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

test('add, look up by id and username, list, rename', async () => {
  running = await startHost();
  const { users } = running.host;
  const createdAt = new Date('2024-01-02T03:04:05Z');
  const alice = await users.add({ id: 'u1', username: 'alice', name: 'Alice', createdAt });
  expect(alice).toMatchObject({ id: 'u1', username: 'alice', name: 'Alice', createdAt });
  await users.add({ id: 'u2', username: 'bob' });
  expect(await users.getById('u1')).toEqual(alice);
  expect((await users.getById('u1'))?.createdAt).toBeInstanceOf(Date);
  expect(await users.getByUsername('bob')).toMatchObject({ id: 'u2', username: 'bob' });
  expect(await users.getById('nobody')).toBeUndefined();
  expect((await users.list()).map((user) => user.username)).toEqual(['alice', 'bob']);

  await users.add({ id: 'u1', username: 'alicia' });
  expect(await users.getByUsername('alice')).toBeUndefined();
  expect(await users.getByUsername('alicia')).toMatchObject({ id: 'u1', username: 'alicia', createdAt });
  expect((await users.list()).map((user) => user.id)).toEqual(['u1', 'u2']);
});

test("users are Rocket.Chat's IUser: missing fields get the values of a new, active user", async () => {
  running = await startHost();
  const bob = await running.host.users.add({ id: 'u2', username: 'bob' });
  expect(bob).toMatchObject({ emails: [], type: UserType.USER, isEnabled: true, name: 'bob', roles: ['user'], status: 'online', statusConnection: UserStatusConnection.ONLINE, utcOffset: 0 });
  for (const field of ['createdAt', 'updatedAt', 'lastLoginAt'] as const) {
    expect(bob[field]).toBeInstanceOf(Date);
    expect((await running.host.users.getById('u2'))?.[field]).toEqual(bob[field]);
  }
});

test('a username belongs to one user', async () => {
  running = await startHost();
  await running.host.users.add({ id: 'u1', username: 'alice' });
  await expect(running.host.users.add({ id: 'u2', username: 'alice' })).rejects.toMatchObject({ code: 'username_taken' });
  expect((await running.host.users.getByUsername('alice'))?.id).toBe('u1');
});

test('users need a string id and username', async () => {
  running = await startHost();
  await expect(running.host.users.add({ id: '', username: 'x' })).rejects.toMatchObject({ code: 'invalid_user' });
  await expect(running.host.users.add({ id: 'x' } as never)).rejects.toMatchObject({ code: 'invalid_user' });
});
