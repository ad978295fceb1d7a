// A child process serving one trivial endpoint, either through AppHost or through a bare
// `node:http` server sending the very same bytes. Started by bench/host.ts with fork(); it reports
// its URL over IPC, answers 'cpu' with its CPU time, and exits when the parent goes away.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ApiSecurity, ApiVisibility, type IConfigurationExtend } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';

export const BODY = 'pong';
/** What AppHost sends for `{ status: 200, content: 'pong' }` (Date and Connection come from node). */
export const HEADERS = { 'x-content-type-options': 'nosniff', 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(BODY)) };
const PATH = '/api/apps/public/bench/ping';

class PingApp extends App {
  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [{ path: 'ping', get: async () => ({ status: 200, content: BODY }) }],
    });
  }
}

async function serveHost(): Promise<string> {
  const host = new AppHost({ logger: () => {} });
  const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
  await host.install(PingApp, { id: 'bench', name: 'Bench', version: '1.0.0' });
  return `${url}${PATH}`;
}

async function serveBare(): Promise<string> {
  const server = createServer((request, response) => {
    if (request.url === PATH && request.method === 'GET') {
      response.writeHead(200, HEADERS).end(BODY);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`;
}

if (process.send) {
  const url = await (process.argv[2] === 'host' ? serveHost() : serveBare());
  process.send({ url });
  // CPU time spent by this server so far, so the parent can report CPU per request: a figure the
  // other processes sharing the machine disturb much less than requests per second.
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
