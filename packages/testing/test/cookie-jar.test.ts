import { describe, expect, it } from 'vitest';
import { CookieJar } from '../src/cookie-jar.ts';

function responseSetting(...cookies: string[]): Response {
  const headers = new Headers();
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { headers });
}

describe('CookieJar', () => {
  it('sends cookies only under their path', () => {
    const jar = new CookieJar();
    jar.store(responseSetting('_session=s1; path=/; httponly', '_interaction=i1; path=/interaction/abc; httponly'));
    expect(jar.headerFor(new URL('http://127.0.0.1/auth'))).toBe('_session=s1');
    expect(jar.headerFor(new URL('http://127.0.0.1/interaction/abc'))).toBe('_session=s1; _interaction=i1');
    expect(jar.headerFor(new URL('http://127.0.0.1/interaction/abc/abort'))).toBe('_session=s1; _interaction=i1');
    expect(jar.headerFor(new URL('http://127.0.0.1/interaction/abcd'))).toBe('_session=s1');
  });

  it('replaces a cookie and forgets an expired one', () => {
    const jar = new CookieJar();
    jar.store(responseSetting('a=1; path=/', 'b=2; path=/'));
    jar.store(responseSetting('a=3; path=/', 'b=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT'));
    expect(jar.headerFor(new URL('http://127.0.0.1/'))).toBe('a=3');
    jar.store(responseSetting('a=; path=/; max-age=0'));
    expect(jar.headerFor(new URL('http://127.0.0.1/'))).toBeUndefined();
  });

  it('keeps values containing "=" intact', () => {
    const jar = new CookieJar();
    jar.store(responseSetting('sig=abc==; path=/'));
    expect(jar.headerFor(new URL('http://127.0.0.1/x'))).toBe('sig=abc==');
  });
});
