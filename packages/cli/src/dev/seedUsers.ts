import type { AppHost } from '@plugboard/apps-engine/server';

/** The chat users of the dev host; their names match the bundled server's accounts. */
export async function seedUsers(host: AppHost): Promise<void> {
  await host.users.add({ id: 'alice', username: 'alice', name: 'Alice Liddell', emails: [{ address: 'alice@example.test', verified: true }] });
  await host.users.add({ id: 'bob', username: 'bob', name: 'Bob Builder', emails: [{ address: 'bob@example.test', verified: true }] });
}
