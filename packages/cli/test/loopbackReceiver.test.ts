import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackReceiver, type LoopbackReceiver } from '../src/grant/loopbackReceiver.ts';
import { sameState } from '../src/grant/stateCheck.ts';

let receiver: LoopbackReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function start(state: string, refused: string[] = []) {
  receiver = await startLoopbackReceiver({ port: 0, state, onRefused: (r) => refused.push(r) });
  return receiver;
}

/** A raw request, so the Host header can be set to anything. */
function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host === undefined ? {} : { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('loopback receiver', () => {
  it('listens on 127.0.0.1 with the RFC 8252 /callback path', async () => {
    const r = await start('s'.repeat(43));
    expect(r.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  });

  it('hands over the first matching callback once; a replay is refused', async () => {
    const state = 'a'.repeat(43);
    const refused: string[] = [];
    const r = await start(state, refused);
    const first = get(`${r.redirectUri}?code=c1&state=${state}&iss=https%3A%2F%2Fas.test`);
    const callback = await r.next();
    expect(callback).toMatchObject({ code: 'c1', iss: 'https://as.test' });
    callback.answer(200, 'Authorized', 'done <b>');
    const page = await first;
    expect(page.status).toBe(200);
    expect(page.body).toContain('done &lt;b&gt;');

    const replay = await get(`${r.redirectUri}?code=c1&state=${state}`);
    expect(replay.status).toBe(400);
    expect(refused).toEqual(['this authorization was already completed']);
  });

  it('refuses a wrong Host (DNS rebinding), other paths and a missing state', async () => {
    const refused: string[] = [];
    const r = await start('b'.repeat(43), refused);
    expect((await get(`${r.redirectUri}?code=c&state=${'b'.repeat(43)}`, 'evil.example')).status).toBe(400);
    expect((await get(r.redirectUri.replace('/callback', '/other'))).status).toBe(404);
    expect((await get(`${r.redirectUri}?code=c`)).status).toBe(400);
    expect(refused).toEqual(['unexpected Host header', 'the callback has no state']);
  });
});

describe('sameState', () => {
  it('matches equal strings only, whatever the lengths', () => {
    expect(sameState('abc', 'abc')).toBe(true);
    expect(sameState('abc', 'abd')).toBe(false);
    expect(sameState('abc', 'abcd')).toBe(false);
    expect(sameState('', 'abc')).toBe(false);
  });
});
