import { searchParamsToRecord } from '../src/server/http/searchParams.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiEndpoint, HttpStatusCode, type IApiRequest, type IApiResponse, type IApp, type IUser } from '../src/definition/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';
import { rawRequest } from './support/rawRequest.ts';

/** Answers with what it received, so each test can look at one part of the request. */
const echo = async (request: IApiRequest): Promise<IApiResponse> => ({
  status: 200,
  content: { method: request.method, query: request.query, params: request.params, content: request.content, headers: request.headers, user: request.user ?? null },
});

class ClassEndpoint extends ApiEndpoint {
  override path = 'class';
  constructor(app: IApp) {
    super(app);
  }
  async get(): Promise<IApiResponse> {
    // `this` must be the endpoint: Rocket.Chat apps call their base class helpers.
    return this.json({ status: HttpStatusCode.OK, content: { from: 'class' } });
  }
}

interface Echo {
  method: string;
  query: Record<string, unknown>;
  params: Record<string, string>;
  content: unknown;
  headers: Record<string, string>;
  user: IUser | null;
}

async function echoed(input: string, init?: RequestInit): Promise<Echo> {
  return (await (await fetch(input, init)).json()) as Echo;
}

let running: TestHost;
let base: string;

beforeAll(async () => {
  running = await startHost({
    authenticate: async (request) => (request.headers.cookie === 'session=alice' ? ({ id: 'u1', username: 'alice' } as IUser) : undefined),
  });
  base = `${running.url}/api/apps/public/web`;
  const endpoints = [
    { path: 'echo', get: echo, post: echo, put: echo, delete: echo, patch: echo },
    { path: 'items/:id', get: echo },
    { path: 'items/new', get: async () => ({ status: 200, content: 'literal wins' }) },
    {
      path: 'page',
      get: async () => ({
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': "default-src 'none'" },
        content: '<p>hi</p>',
      }),
    },
    { path: 'text', get: async () => ({ status: 201, content: 'plain' }) },
    { path: 'empty', get: async () => ({ status: 204 }) },
  ];
  const WithClass = appWith({ endpoints });
  class App2 extends WithClass {
    protected override async extendConfiguration(configuration: Parameters<InstanceType<typeof WithClass>['extendConfiguration']>[0]): Promise<void> {
      await super.extendConfiguration(configuration);
      configuration.api.provideApi({ visibility: 'public' as never, security: 'unsecure' as never, endpoints: [new ClassEndpoint(this)] });
    }
  }
  await running.host.install(App2, info('web'));
});

afterAll(async () => {
  await running.host.close();
});

describe('public endpoints over real HTTP', () => {
  test.each(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])('%s reaches the handler for that method', async (method) => {
    const response = await fetch(`${base}/echo`, { method });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Echo).method).toBe(method.toLowerCase());
  });

  test('a query name given twice arrives as an array; others stay strings', async () => {
    const body = await echoed(`${base}/echo?state=a&state=b&code=c&empty=`);
    expect(body.query).toEqual({ state: ['a', 'b'], code: 'c', empty: '' });
  });

  test('names like __proto__, constructor and toString are plain keys', async () => {
    const body = await echoed(`${base}/echo?__proto__=a&toString=b&constructor=c&constructor=d`);
    expect(body.query).toEqual(JSON.parse('{"__proto__":"a","toString":"b","constructor":["c","d"]}'));
    const record = searchParamsToRecord(new URLSearchParams('__proto__=a&toString=b'));
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(record['toString']).toBe('b');
    expect(Object.hasOwn(record, '__proto__')).toBe(true);
  });

  test('JSON bodies arrive parsed, form bodies as fields, anything else as text', async () => {
    const json = await echoed(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' });
    expect(json.content).toEqual({ a: [1, 2] });
    const form = await echoed(`${base}/echo`, { method: 'POST', body: new URLSearchParams('a=1&b=x+y&a=2') });
    expect(form.content).toEqual({ a: ['1', '2'], b: 'x y' });
    const text = await echoed(`${base}/echo`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.content).toBe('hello');
    const none = await echoed(`${base}/echo`, { method: 'POST' });
    expect(none.content).toBeUndefined();
  });

  test('headers arrive with lower-case names', async () => {
    const body = await echoed(`${base}/echo`, { headers: { 'X-Custom-Thing': 'v' } });
    expect(body.headers['x-custom-thing']).toBe('v');
  });

  test('path parameters, with literal paths taking precedence', async () => {
    expect((await echoed(`${base}/items/42`)).params).toEqual({ id: '42' });
    expect(await (await fetch(`${base}/items/new`)).text()).toBe('literal wins');
  });

  test("string content is sent as-is with the handler's headers", async () => {
    const response = await fetch(`${base}/page`);
    expect(await response.text()).toBe('<p>hi</p>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
  });

  test('string content defaults to text/plain, objects to JSON, none to an empty body', async () => {
    const text = await fetch(`${base}/text`);
    expect([text.status, text.headers.get('content-type'), await text.text()]).toEqual([201, 'text/plain; charset=utf-8', 'plain']);
    const json = await fetch(`${base}/class`);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ from: 'class' });
    const empty = await fetch(`${base}/empty`);
    expect([empty.status, await empty.text()]).toEqual([204, '']);
  });

  test("the authenticate hook's user is put on the request", async () => {
    expect((await echoed(`${base}/echo`, { headers: { cookie: 'session=alice' } })).user).toEqual({ id: 'u1', username: 'alice' });
    expect((await echoed(`${base}/echo`)).user).toBeNull();
  });

  test('repeated headers are joined', async () => {
    const response = await rawRequest(`${base}/echo`, { headers: { 'x-a': ['one', 'two'] } });
    expect((JSON.parse(response.body) as Echo).headers['x-a']).toBe('one, two');
  });
});
