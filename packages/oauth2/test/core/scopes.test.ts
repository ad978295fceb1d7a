import { describe, expect, it } from 'vitest';
import { mergeScopes, scopesCover } from '../../src/core/scopes.ts';

describe('mergeScopes', () => {
  it.each([
    { lists: [], expected: [] },
    { lists: [undefined, undefined], expected: [] },
    { lists: [['openid', 'email'], ['email', 'profile']], expected: ['openid', 'email', 'profile'] },
    { lists: [[' openid ', '', '  '], undefined, ['openid']], expected: ['openid'] },
    { lists: [['openid email'], ['email\tprofile']], expected: ['openid', 'email', 'profile'] },
    { lists: [['b', 'a'], ['c', 'a', 'b']], expected: ['b', 'a', 'c'] },
    { lists: [['Read'], ['read']], expected: ['Read', 'read'] },
    { lists: [['repo,user']], expected: ['repo,user'] },
  ])('$lists -> $expected', ({ lists, expected }) => {
    expect(mergeScopes(...lists)).toEqual(expected);
  });

  it('does not modify its inputs', () => {
    const input = Object.freeze([' a ', 'a']);
    expect(mergeScopes(input)).toEqual(['a']);
    expect(input).toEqual([' a ', 'a']);
  });
});

describe('scopesCover', () => {
  const google = { email: 'https://www.googleapis.com/auth/userinfo.email' };
  it.each([
    ['openid email', ['email'], {}, true],
    ['openid email', ['email', 'profile'], {}, false],
    ['openid email', [], {}, true],
    ['', ['openid'], {}, false],
    ['a  b', ['b a', 'a'], {}, true],
    ['openid https://www.googleapis.com/auth/userinfo.email', ['email'], google, true],
    ['openid https://www.googleapis.com/auth/userinfo.email', ['https://www.googleapis.com/auth/userinfo.email'], google, true],
    ['openid', ['email'], google, false],
    ['emails', ['email'], {}, false],
  ] as const)('%j covers %j (aliases %j): %s', (granted, requested, aliases, expected) => {
    expect(scopesCover(granted, requested, aliases)).toBe(expected);
  });
});
