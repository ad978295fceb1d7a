import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthorizationServer } from '@plugboard/testing';

export interface Connection {
  id: string;
  name: string;
  type: string;
  verified: boolean;
  visibility: 0 | 1;
}

/**
 * Discord's `GET /users/@me/connections` on loopback. Like Discord, it accepts only live tokens of
 * the authorization server (asked through its introspection endpoint) that carry the
 * `connections` scope, and answers with the connections of the token's user.
 */
export async function startFakeDiscordApi(as: AuthorizationServer, connections: Record<string, Connection[]>) {
  /** Bearer tokens the API was called with, in order. */
  const tokensSeen: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' || req.url !== '/api/users/@me/connections') return json(res, 404, { message: '404: Not Found', code: 0 });
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token) tokensSeen.push(token);
      const introspection = token ? await as.introspect(token) : { active: false };
      if (!introspection.active) return json(res, 401, { message: '401: Unauthorized', code: 0 });
      if (!String(introspection.scope ?? '').split(' ').includes('connections')) return json(res, 403, { message: 'Missing Access', code: 50001 });
      json(res, 200, connections[String(introspection.sub)] ?? []);
    })().catch(() => json(res, 500, { message: 'fake failed', code: 0 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    /** The base URL to put in the `discord-api-base-url` setting. */
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    tokensSeen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}
