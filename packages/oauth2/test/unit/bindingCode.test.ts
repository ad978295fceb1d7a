import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { bindingCodeFrom } from '@plugboard/testing';
import { accountLabel } from '../../src/binding/accountLabel.ts';
import { bindingCodeDigest, CODE_LENGTH, formatBindingCode, newBindingCode, normalizeBindingCode, sameDigest } from '../../src/binding/bindingCode.ts';
import { renderOutcomePage } from '../../src/callback/pages.ts';

describe('binding codes (SECURITY 25)', () => {
  it('are 8 symbols without look-alikes, all of the alphabet used, fresh each time', () => {
    const codes = Array.from({ length: 400 }, () => newBindingCode());
    for (const code of codes) expect(code).toMatch(new RegExp(`^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{${CODE_LENGTH}}$`));
    expect(new Set(codes).size).toBe(codes.length);
    const symbols = new Set(codes.join(''));
    expect(symbols.size).toBe(31);
    for (const lookalike of ['0', 'O', '1', 'I', 'L']) expect(symbols.has(lookalike)).toBe(false);
  });

  it('are typed in any case, with spaces or dashes; shown as two groups of four', () => {
    expect(formatBindingCode('ABCDEFGH')).toBe('ABCD-EFGH');
    expect(normalizeBindingCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizeBindingCode('ab cd\tef-gh')).toBe('ABCDEFGH');
    expect(bindingCodeDigest('u1', 'abcd efgh')).toBe(bindingCodeDigest('u1', 'ABCD-EFGH'));
  });

  it('are kept as a digest bound to the user: the same code for another user does not match', () => {
    const digest = bindingCodeDigest('u-alice', 'ABCD-EFGH');
    expect(digest).not.toContain('ABCD');
    expect(sameDigest(digest, bindingCodeDigest('u-alice', 'ABCDEFGH'))).toBe(true);
    expect(sameDigest(digest, bindingCodeDigest('u-bob', 'ABCDEFGH'))).toBe(false);
    expect(sameDigest(digest, bindingCodeDigest('u-alice', 'ABCDEFGJ'))).toBe(false);
    expect(sameDigest(digest, '')).toBe(false);
  });

  it('are shown on the page escaped, and the testing kit reads them back', () => {
    const html = renderOutcomePage({ title: 'Almost done', message: 'm', code: 'ABCD-EFGH' });
    expect(bindingCodeFrom(html)).toBe('ABCD-EFGH');
    expect(renderOutcomePage({ title: 't', message: 'm', code: '<b>' })).toContain('&lt;b&gt;');
    expect(bindingCodeFrom(renderOutcomePage({ title: 't', message: 'm' }))).toBeUndefined();
  });
});

describe('the account named to the chat user', () => {
  const idToken = (claims: Record<string, unknown>) => new UnsecuredJWT(claims).encode();

  it('is the name and a masked email, else the subject, else nothing', () => {
    expect(accountLabel({ token: 't', expiresAt: 0, scope: '', idToken: idToken({ sub: 'b1', name: 'Bob Builder', email: 'bob@example.test' }) })).toBe('Bob Builder, b***@example.test');
    expect(accountLabel({ token: 't', expiresAt: 0, scope: '', idToken: idToken({ sub: 'b1', preferred_username: 'bob' }) })).toBe('bob');
    expect(accountLabel({ token: 't', expiresAt: 0, scope: '', idToken: idToken({ sub: '10769150350006150715113082367' }) })).toBe('with the id 10769150350006150715113082367');
    expect(accountLabel({ token: 't', expiresAt: 0, scope: '' })).toBeUndefined();
    expect(accountLabel({ token: 't', expiresAt: 0, scope: '', idToken: 'not a jwt' })).toBeUndefined();
  });

  it('reads a signed ID token the same way (it was verified at the exchange)', async () => {
    const key = new TextEncoder().encode('k'.repeat(32));
    const signed = await new SignJWT({ email: 'alice@example.test' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect(accountLabel({ token: 't', expiresAt: 0, scope: '', idToken: signed })).toBe('a***@example.test');
  });
});
