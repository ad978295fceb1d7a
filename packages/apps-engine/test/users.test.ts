import { afterEach, expect, test } from 'vitest';
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
  expect(alice).toEqual({ id: 'u1', username: 'alice', name: 'Alice', createdAt });
  await users.add({ id: 'u2', username: 'bob' });
  expect(await users.getById('u1')).toEqual(alice);
  expect((await users.getById('u1'))?.createdAt).toBeInstanceOf(Date);
  expect(await users.getByUsername('bob')).toEqual({ id: 'u2', username: 'bob' });
  expect(await users.getById('nobody')).toBeUndefined();
  expect((await users.list()).map((user) => user.username)).toEqual(['alice', 'bob']);

  await users.add({ id: 'u1', username: 'alicia' });
  expect(await users.getByUsername('alice')).toBeUndefined();
  expect(await users.getByUsername('alicia')).toEqual({ id: 'u1', username: 'alicia' });
  expect((await users.list()).map((user) => user.id)).toEqual(['u1', 'u2']);
});

test('users need a string id and username', async () => {
  running = await startHost();
  await expect(running.host.users.add({ id: '', username: 'x' })).rejects.toMatchObject({ code: 'invalid_user' });
  await expect(running.host.users.add({ id: 'x' } as never)).rejects.toMatchObject({ code: 'invalid_user' });
});
