import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Keyv from 'keyv';
import type { CallbackStage } from './internals.ts';

export interface BaselineTransaction {
  userId: string;
  redirectUri: string;
  codeVerifier: string;
}

/**
 * The least a callback can do, written by hand on node:http: claim the state (get, then delete:
 * the delete's result decides who won), redeem the code at the token endpoint (form POST, Basic
 * auth, PKCE verifier), store the token. No settings, no user lookup, no page template.
 */
export async function startBaselineCallback(keyv: Keyv, tokenUrl: string, clientId: string, clientSecret: string, mark: (stage: CallbackStage) => void = () => {}) {
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  const server: Server = createServer(async (req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const key = stateKey(query.get('state') ?? '');
    mark('state claim');
    const transaction = await keyv.get<BaselineTransaction>(key);
    if (!transaction || !(await keyv.delete(key))) {
      res.writeHead(400, { 'content-type': 'text/html' }).end('unknown state');
      return;
    }
    mark('token request build');
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: query.get('code') ?? '', redirect_uri: transaction.redirectUri, code_verifier: transaction.codeVerifier }).toString();
    mark('HTTP client');
    const token = await postForm(tokenUrl, body, basic);
    mark('response parsing');
    if (typeof token.access_token !== 'string' || token.access_token === '') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('no token');
      return;
    }
    mark('store write');
    await keyv.set(`baseline-token:${transaction.userId}`, token);
    mark('page rendering and response');
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end('<p>Connected</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  return {
    url,
    /** Stores a pending authorization as the baseline's authorization step would. */
    save: (state: string, transaction: BaselineTransaction) => keyv.set(stateKey(state), transaction, 600_000),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function stateKey(state: string): string {
  return `baseline-state:${createHash('sha256').update(state).digest('base64url')}`;
}

function postForm(url: string, body: string, authorization: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
