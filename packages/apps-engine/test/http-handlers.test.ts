import { afterEach, expect, test } from 'vitest';
import { App, type IConfigurationExtend, type IHttpRequest, type IHttpResponse, type IPersistence, type IRead } from '../src/definition/index.ts';
import { startHost, type TestHost } from './support/host.ts';
import { startPeer } from './support/peer.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

test("configuration.http pre-request and pre-response handlers run around every call, in order, with the app's read and persistence", async () => {
  const seen: string[] = [];
  class Handlers extends App {
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      configuration.http.provideDefaultHeader('x-default', 'd');
      configuration.http.providePreRequestHandler({
        executePreHttpRequest: async (url: string, request: IHttpRequest, read: IRead, persistence: IPersistence): Promise<IHttpRequest> => {
          seen.push(`request ${new URL(url).pathname} ${typeof read.getUserReader} ${typeof persistence.create}`);
          return { ...request, headers: { ...request.headers, 'x-signed': 'yes' } };
        },
      });
      configuration.http.providePreRequestHandler({
        executePreHttpRequest: async (_url: string, request: IHttpRequest): Promise<IHttpRequest> => ({ ...request, headers: { ...request.headers, 'x-second': request.headers?.['x-signed'] ?? 'missing' } }),
      });
      configuration.http.providePreResponseHandler({
        executePreHttpResponse: async (response: IHttpResponse): Promise<IHttpResponse> => {
          seen.push(`response ${response.statusCode}`);
          return { ...response, content: `${response.content} (seen)` };
        },
      });
      expect([...configuration.http.getDefaultHeaders()]).toEqual([['x-default', 'd']]);
      expect(configuration.http.getPreRequestHandlers()).toHaveLength(2);
      expect(configuration.http.getPreResponseHandlers()).toHaveLength(1);
    }
  }
  running = await startHost();
  await running.host.install(Handlers, { id: 'signed', name: 'Signed', version: '1.0.0' });
  const remote = await startPeer((request, response) => response.end(JSON.stringify(request.headers)));
  try {
    const answer = await running.host.accessors('signed').http.get(`${remote.url}/hello`);
    const headers = JSON.parse(String(answer.content).replace(/ \(seen\)$/, '')) as Record<string, string>;
    expect(headers).toMatchObject({ 'x-default': 'd', 'x-signed': 'yes', 'x-second': 'yes' });
    expect(answer.content).toMatch(/\(seen\)$/);
    expect(seen).toEqual(['request /hello function function', 'response 200']);
  } finally {
    await remote.close();
  }
});
