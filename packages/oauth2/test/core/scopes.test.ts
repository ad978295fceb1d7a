import { describe, expect, it } from 'vitest';
import { mergeScopes } from '../../src/core/scopes.ts';

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
