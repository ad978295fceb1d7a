import { randomBytes } from 'node:crypto';
import type { ILockBridge } from '../persistence/IPersistenceBridge.ts';

interface Held {
  token: string;
  expiresAt: number;
}

/** Locks for one process (memory and SQLite stores): a map of owner tokens with expiry times. */
export class InProcessLockBridge implements ILockBridge {
  private readonly held = new Map<string, Held>();

  async acquire(appId: string, key: string, ttlMs: number): Promise<string | undefined> {
    const name = lockName(appId, key);
    const now = Date.now();
    const current = this.held.get(name);
    if (current && current.expiresAt > now) {
      return undefined;
    }
    const token = randomBytes(16).toString('base64url');
    this.held.set(name, { token, expiresAt: now + ttlMs });
    return token;
  }

  async release(appId: string, key: string, token: string): Promise<boolean> {
    const name = lockName(appId, key);
    const current = this.held.get(name);
    // An expired lock may already belong to someone else: compare tokens, never just delete.
    if (!current || current.token !== token) {
      return false;
    }
    this.held.delete(name);
    return current.expiresAt > Date.now();
  }

  async extend(appId: string, key: string, token: string, ttlMs: number): Promise<boolean> {
    const current = this.held.get(lockName(appId, key));
    if (!current || current.token !== token || current.expiresAt <= Date.now()) {
      return false;
    }
    current.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async isHeld(appId: string, key: string, token: string): Promise<boolean> {
    const current = this.held.get(lockName(appId, key));
    return current !== undefined && current.token === token && current.expiresAt > Date.now();
  }
}

function lockName(appId: string, key: string): string {
  return `${appId}\u0000${key}`;
}
