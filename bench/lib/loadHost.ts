// One chat host of the load run (bench/load.ts) in a process of its own: AppHost with the bench app
// and its OAuth client, on the shared Redis namespace, against the authorization server's issuer.
import type { IUser } from '@plugboard/apps-engine';
import { startBenchHost } from './benchHost.ts';
import { serveRpc } from './rpc.ts';
import { sharedRedis } from './stores.ts';

const [issuer, namespace, siteUrl] = process.argv.slice(2) as [string, string, string];
const store = sharedRedis(namespace);
const bench = await startBenchHost({ client: { issuer, defaultScopes: ['openid', 'profile'] }, store, siteUrl });

serveRpc(bench.url, {
  /** Adds the user to the directory and starts an authorization: the URL to send the browser to. */
  authorize: async (id: string, username: string) => (await bench.client.getUserAuthorizationUrl(await bench.host.users.add({ id, username }))).href,
  /** How many of these users have a token this host can read. */
  withToken: async (ids: string[]) => {
    let count = 0;
    for (const id of ids) if (await bench.client.getAccessTokenForUser({ id, username: id } as IUser)) count += 1;
    return count;
  },
});
