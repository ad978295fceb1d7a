// One chat host of the load run (bench/load.ts) in a process of its own: AppHost with the bench app
// and its OAuth client, on the shared Redis namespace, against the authorization server's issuer.
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { IUser } from '@plugboard/apps-engine';
import { startBenchHost } from './benchHost.ts';
import { serveRpc } from './rpc.ts';
import { sharedRedis } from './stores.ts';

const [issuer, namespace, siteUrl] = process.argv.slice(2) as [string, string, string];
const store = sharedRedis(namespace);
const bench = await startBenchHost({ client: { issuer, defaultScopes: ['openid', 'profile'] }, store, siteUrl });

// Where a slow callback waits: the host's own handling (request in, response out) and, within it,
// the token request to the authorization server, timed by node's HTTP diagnostics channels.
const started = new WeakMap<object, number>();
const timings = { callbacks: [] as number[], tokenRequests: [] as number[] };
subscribe('http.server.request.start', (message) => started.set((message as { response: ServerResponse }).response, performance.now()));
subscribe('http.server.response.finish', (message) => {
  const at = started.get((message as { response: ServerResponse }).response);
  if (at !== undefined) timings.callbacks.push(performance.now() - at);
});
subscribe('http.client.request.start', (message) => {
  const request = (message as { request: ClientRequest }).request;
  if (request.method === 'POST') started.set(request, performance.now());
});
subscribe('http.client.response.finish', (message) => {
  const { request } = message as { request: ClientRequest; response: IncomingMessage };
  const at = started.get(request);
  if (at !== undefined) timings.tokenRequests.push(performance.now() - at);
});

serveRpc(bench.url, {
  /** Server-side callback durations and token request durations (ms) since the last call. */
  timings: async () => {
    const taken = { callbacks: timings.callbacks.splice(0), tokenRequests: timings.tokenRequests.splice(0) };
    return taken;
  },
  /** Adds the user to the directory and starts an authorization: the URL to send the browser to. */
  authorize: async (id: string, username: string) => (await bench.client.getUserAuthorizationUrl(await bench.host.users.add({ id, username }))).href,
  /** How many of these users have a token this host can read. */
  withToken: async (ids: string[]) => {
    let count = 0;
    for (const id of ids) if (await bench.client.getAccessTokenForUser({ id, username: id } as IUser)) count += 1;
    return count;
  },
});
