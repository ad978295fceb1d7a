import { randomBytes } from 'node:crypto';
import type { ILockBridge } from '../persistence/IPersistenceBridge.ts';

/** The commands the locks need from a node-redis client (the one `@keyv/redis` holds). */
export interface RedisLockClient {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, options: { condition: 'NX'; expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Deletes the key only while it still holds our token: a lock that expired and was re-taken stays. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Renews the key's expiry only while it still holds our token. */
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Locks shared by every host on one Redis: `SET key token NX PX ttl` to take, compare-and-delete
 * (a Lua script, atomic on the server) to release. A crashed holder's lock expires after `ttl`.
 */
export class RedisLockBridge implements ILockBridge {
  constructor(
    private readonly client: () => Promise<RedisLockClient>,
    private readonly prefix: string,
  ) {}

  async acquire(appId: string, key: string, ttlMs: number): Promise<string | undefined> {
    const token = randomBytes(16).toString('base64url');
    const reply = await (await this.client()).set(this.name(appId, key), token, {
      condition: 'NX',
      expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
    });
    return reply === 'OK' ? token : undefined;
  }

  async release(appId: string, key: string, token: string): Promise<boolean> {
    const deleted = await (await this.client()).eval(RELEASE, { keys: [this.name(appId, key)], arguments: [token] });
    return deleted === 1;
  }

  async extend(appId: string, key: string, token: string, ttlMs: number): Promise<boolean> {
    const renewed = await (await this.client()).eval(EXTEND, { keys: [this.name(appId, key)], arguments: [token, String(Math.max(1, Math.ceil(ttlMs)))] });
    return renewed === 1;
  }

  /** Redis expires the key with its ttl (`PX`), so a lapsed lease reads as someone else's or none. */
  async isHeld(appId: string, key: string, token: string): Promise<boolean> {
    return (await (await this.client()).get(this.name(appId, key))) === token;
  }

  /** The Redis key of a lock (what a script checks to know whether the lock is held). */
  keyOf(appId: string, key: string): string {
    return this.name(appId, key);
  }

  private name(appId: string, key: string): string {
    return `${this.prefix}${encodeURIComponent(appId)}:${key}`;
  }
}
