import { expect, test } from 'vitest';
import { notifyUser } from '../src/definition/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost } from './support/host.ts';

test('notifyUser sends one text message to one user, observable on the host', async () => {
  const { host } = await startHost();
  try {
    await host.install(appWith({}), info('notes'));
    const alice = await host.users.add({ id: 'u1', username: 'alice' });
    const seen: string[] = [];
    host.on('message', (event) => seen.push(`${event.appId}->${event.recipient?.username}: ${event.message.text}`));
    await notifyUser(host.accessors('notes').modify, alice, 'hello [link](https://example.test)');
    expect(seen).toEqual(['notes->alice: hello [link](https://example.test)']);
    expect(host.messages.at(-1)?.message.text).toBe('hello [link](https://example.test)');
  } finally {
    await host.close();
  }
});
