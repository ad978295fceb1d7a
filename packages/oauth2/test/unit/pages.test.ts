import { describe, expect, it } from 'vitest';
import { displayableErrorCode } from '../../src/core/authorizationErrors.ts';
import { escapeHtml, outcomeResponse, renderOutcomePage } from '../../src/callback/pages.ts';

describe('outcome pages (SECURITY 12)', () => {
  it('escapes everything they echo', () => {
    const html = renderOutcomePage({ title: '<t>', message: 'a"b\'c& <script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('a&quot;b&#39;c&amp;');
    expect(escapeHtml('<>&"\'')).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('loads nothing from anywhere and is never cached or referred', () => {
    const response = outcomeResponse(400, { title: 't', message: 'm' });
    const headers = response.headers ?? {};
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-type']).toMatch(/^text\/html/);
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    const html = String(response.content);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('offers a way back to the chat, only to an http(s) address', () => {
    expect(renderOutcomePage({ title: 't', message: 'm', back: 'http://127.0.0.1:3000/' })).toContain('<p><a href="http://127.0.0.1:3000/">Return to the chat</a></p>');
    expect(renderOutcomePage({ title: 't', message: 'm', back: 'https://chat.example.com/?a=1&b="' })).toContain('href="https://chat.example.com/?a=1&amp;b=&quot;"');
    expect(renderOutcomePage({ title: 't', message: 'm', back: 'javascript:alert(1)' })).not.toContain('<a ');
  });

  it('names only known authorization error codes (SECURITY 28)', () => {
    expect(displayableErrorCode('access_denied')).toBe('access_denied');
    expect(displayableErrorCode('consent_required')).toBe('consent_required');
    for (const text of ['Call +1 555 0100 to unlock your account', 'access_denied ', '<b>x</b>', '', 'toString', '__proto__']) {
      expect(displayableErrorCode(text)).toBe('unknown error');
    }
  });
});
