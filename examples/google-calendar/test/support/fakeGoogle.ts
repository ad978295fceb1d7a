import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGoogleOptions {
  clientId: string;
  clientSecret: string;
  /** What the primary calendar holds. */
  events: Array<{ summary: string; start: { dateTime: string } }>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  authorization: string | undefined;
}

interface Grant {
  challenge: string;
  redirectUri: string;
}

/**
 * Google's token, revocation and Calendar endpoints on loopback, strict where Google is: a code
 * works once, only with the PKCE verifier of its challenge and the same redirect URI, for the
 * client authenticated with HTTP Basic; the Calendar API wants a live access token.
 */
export async function startFakeGoogle(options: FakeGoogleOptions) {
  const grants = new Map<string, Grant>();
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const requests: RecordedRequest[] = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      form: new URLSearchParams(await body(req)),
      authorization: req.headers.authorization,
    };
    requests.push(request);
    if (request.method === 'POST' && request.path === '/token') return token(request, res);
    if (request.method === 'POST' && request.path === '/revoke') return revoke(request, res);
    if (request.method === 'GET' && request.path === '/calendar/v3/calendars/primary/events') return events(request, res);
    json(res, 404, { error: { code: 404, message: 'Not Found' } });
  });

  function token(request: RecordedRequest, res: ServerResponse): void {
    if (request.authorization !== basic(options.clientId, options.clientSecret)) {
      return json(res, 401, { error: 'invalid_client' });
    }
    const { form } = request;
    const code = form.get('code') ?? '';
    const grant = grants.get(code);
    grants.delete(code); // single use, whatever happens next
    const verifier = form.get('code_verifier') ?? '';
    if (form.get('grant_type') !== 'authorization_code' || !grant || grant.redirectUri !== form.get('redirect_uri') || s256(verifier) !== grant.challenge) {
      return json(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
    }
    const accessToken = `ya29.${randomBytes(16).toString('hex')}`;
    const refreshToken = `1//${randomBytes(16).toString('hex')}`;
    accessTokens.add(accessToken);
    refreshTokens.add(refreshToken);
    json(res, 200, {
      access_token: accessToken,
      expires_in: 3599,
      refresh_token: refreshToken,
      scope: 'https://www.googleapis.com/auth/calendar.readonly',
      token_type: 'Bearer',
    });
  }

  /** Revoking either token ends the grant; an unknown token is 400 invalid_token, as at Google. */
  function revoke(request: RecordedRequest, res: ServerResponse): void {
    const value = request.form.get('token') ?? '';
    if (!accessTokens.has(value) && !refreshTokens.has(value)) return json(res, 400, { error: 'invalid_token' });
    accessTokens.clear();
    refreshTokens.clear();
    json(res, 200, {});
  }

  function events(request: RecordedRequest, res: ServerResponse): void {
    const bearer = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
    if (!bearer || !accessTokens.has(bearer)) return json(res, 401, { error: { code: 401, message: 'Invalid Credentials' } });
    const max = Number(request.query.get('maxResults') ?? 250);
    json(res, 200, { kind: 'calendar#events', items: options.events.slice(0, max) });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    /** What Google does when the user approves: remembers the request's PKCE challenge and redirect URI, issues a code. */
    approve(authorizationUrl: URL): string {
      const code = `4/${randomBytes(12).toString('hex')}`;
      grants.set(code, {
        challenge: authorizationUrl.searchParams.get('code_challenge') ?? '',
        redirectUri: authorizationUrl.searchParams.get('redirect_uri') ?? '',
      });
      return code;
    },
    isLive: (accessToken: string) => accessTokens.has(accessToken),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** RFC 6749 §2.3.1: id and secret form-encoded, joined, base64. */
function basic(id: string, secret: string): string {
  const form = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
  return `Basic ${Buffer.from(`${form(id)}:${form(secret)}`).toString('base64')}`;
}
