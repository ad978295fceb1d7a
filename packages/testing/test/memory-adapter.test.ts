import { describe, expect, it, vi } from 'vitest';
import { MemoryAdapter, MemoryStore } from '../src/memory-adapter.ts';

describe('MemoryAdapter', () => {
  it('keeps models apart in one store', async () => {
    const store = new MemoryStore();
    await new MemoryAdapter('AccessToken', store).upsert('x', { kind: 'AccessToken' });
    expect(await new MemoryAdapter('RefreshToken', store).find('x')).toBeUndefined();
    expect(await new MemoryAdapter('AccessToken', store).find('x')).toEqual({ kind: 'AccessToken' });
  });

  it('forgets entries after their lifetime', async () => {
    vi.useFakeTimers();
    try {
      const adapter = new MemoryAdapter('AccessToken', new MemoryStore());
      await adapter.upsert('t', { kind: 'AccessToken' }, 2);
      vi.advanceTimersByTime(1999);
      expect(await adapter.find('t')).toBeDefined();
      vi.advanceTimersByTime(1);
      expect(await adapter.find('t')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('revokes every token of a grant, across models, and nothing else', async () => {
    const store = new MemoryStore();
    const access = new MemoryAdapter('AccessToken', store);
    const refresh = new MemoryAdapter('RefreshToken', store);
    await access.upsert('a1', { grantId: 'g1' }, 60);
    await refresh.upsert('r1', { grantId: 'g1' }, 60);
    await access.upsert('a2', { grantId: 'g2' }, 60);
    await refresh.revokeByGrantId('g1');
    expect(await access.find('a1')).toBeUndefined();
    expect(await refresh.find('r1')).toBeUndefined();
    expect(await access.find('a2')).toBeDefined();
  });

  it('marks a token consumed without removing it', async () => {
    const refresh = new MemoryAdapter('RefreshToken', new MemoryStore());
    await refresh.upsert('r', { grantId: 'g' }, 60);
    await refresh.consume('r');
    expect((await refresh.find('r'))?.consumed).toEqual(expect.any(Number));
  });

  it('finds sessions by uid, and not interactions that carry the same uid', async () => {
    const store = new MemoryStore();
    const sessions = new MemoryAdapter('Session', store);
    const interactions = new MemoryAdapter('Interaction', store);
    await sessions.upsert('s1', { uid: 'u1', accountId: 'alice' }, 60);
    await interactions.upsert('i1', { uid: 'u1' }, 60);
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1', accountId: 'alice' });
    await sessions.destroy('s1');
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });
});
