import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendPage } from '../html/headers.ts';
import { grantPage } from './page.ts';
import { sameState } from './stateCheck.ts';

/** A validated redirect: the browser's request is held open until `answer` is called. */
export interface ReceivedCallback {
  /** Present on success. */
  code?: string;
  /** RFC 6749 §4.1.2.1 error code, when the provider refused (the user denied...). */
  error?: string;
  /** RFC 9207 `iss`, when the provider sent it. */
  iss?: string;
  answer(status: number, title: string, message: string): void;
}

export interface LoopbackReceiver {
  /** RFC 8252 §7.3: `http://127.0.0.1:<port>/callback`. */
  readonly redirectUri: string;
  /** Resolves with the first callback carrying the expected state; refused requests are reported. */
  next(): Promise<ReceivedCallback>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  port: number;
  state: string;
  /** Told about each refused request, with a reason that holds no request data. */
  onRefused(reason: string): void;
}

const PATH = '/callback';

function singleParams(url: URL): Map<string, string> | undefined {
  const params = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    // SECURITY 10: a parameter twice is an injection attempt or a broken provider.
    if (params.has(name)) return undefined;
    params.set(name, value);
  }
  return params;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // RFC 8252 §8.3: bind the loopback IP literal, not all interfaces.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The redirect target of a one-off grant. It accepts exactly one callback whose state matches
 * (compared in constant time); everything else gets a 4xx page and the wait goes on, so a forged
 * or replayed redirect can neither complete nor abort the grant.
 */
export async function startLoopbackReceiver(options: ReceiverOptions): Promise<LoopbackReceiver> {
  let consumed = false;
  let deliver: (callback: ReceivedCallback) => void = () => {};
  const delivered = new Promise<ReceivedCallback>((resolve) => {
    deliver = resolve;
  });

  const refuse = (res: ServerResponse, status: number, title: string, reason: string) => {
    options.onRefused(reason);
    sendPage(res, status, grantPage(title, reason));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A page on another site can make the browser request this port; a rebound DNS name cannot
    // pass as 127.0.0.1 in the Host header.
    if (req.headers.host !== `127.0.0.1:${port}`) return refuse(res, 400, 'Refused', 'unexpected Host header');
    if (req.method !== 'GET' || url.pathname !== PATH) {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('not found');
      return;
    }
    const params = singleParams(url);
    if (params === undefined) return refuse(res, 400, 'Refused', 'a parameter appears more than once');
    const state = params.get('state');
    if (state === undefined || state === '') return refuse(res, 400, 'Refused', 'the callback has no state');
    if (consumed) return refuse(res, 400, 'Refused', 'this authorization was already completed');
    // SECURITY 6: an unknown state is refused before any token request.
    if (!sameState(state, options.state)) return refuse(res, 400, 'Refused', 'the state does not match this grant');
    consumed = true;

    const callback: ReceivedCallback = {
      answer(status, title, message) {
        sendPage(res, status, grantPage(title, message));
      },
    };
    const code = params.get('code');
    const error = params.get('error');
    const iss = params.get('iss');
    if (code !== undefined) callback.code = code;
    if (error !== undefined) callback.error = error;
    if (iss !== undefined) callback.iss = iss;
    deliver(callback);
  });

  const port = await listen(server, options.port);
  return {
    redirectUri: `http://127.0.0.1:${port}${PATH}`,
    next: () => delivered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
