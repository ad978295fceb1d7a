import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import { AppHost } from '@plugboard/apps-engine/server';

export type StoreKind = 'memory' | 'sqlite' | 'redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchStore {
  kind: StoreKind;
  keyv: Keyv;
  /** Where it lives (a file, a Redis namespace), for notes. */
  where: string;
  close(): Promise<void>;
}

/** A fresh store of this kind: a temp SQLite file, or a Redis namespace of its own (cleared on close). */
export function openStore(kind: StoreKind): BenchStore {
  if (kind === 'memory') {
    const keyv = new Keyv();
    return { kind, keyv, where: 'in-memory Keyv', close: async () => {} };
  }
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-bench-'));
    const file = join(dir, 'store.sqlite');
    const keyv = new Keyv({ store: new KeyvSqlite(`sqlite://${file}`) });
    return {
      kind,
      keyv,
      where: file,
      close: async () => {
        await keyv.disconnect().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const namespace = `plugboard-bench-${randomBytes(6).toString('hex')}`;
  const keyv = sharedRedis(namespace);
  return {
    kind,
    keyv,
    where: `${REDIS_URL} namespace ${namespace}`,
    close: async () => {
      await keyv.clear().catch(() => {});
      await keyv.disconnect().catch(() => {});
    },
  };
}

/** Another Keyv on the same Redis namespace: what a second host of one deployment opens. */
/**
 * Runs `work` with SQLite's fsync per commit turned off (seeding 100 000 users one upsert at a time
 * would otherwise take many minutes), then restores the default so measurements see a normal store.
 */
export async function withoutFsync<T>(store: BenchStore, work: () => Promise<T>): Promise<T> {
  const sqlite = store.kind === 'sqlite' ? (store.keyv.store as { query(sql: string): Promise<unknown> }) : undefined;
  await sqlite?.query('PRAGMA synchronous = OFF');
  try {
    return await work();
  } finally {
    await sqlite?.query('PRAGMA synchronous = FULL');
  }
}

export function sharedRedis(namespace: string): Keyv {
  return new Keyv({ store: new KeyvRedis(REDIS_URL), namespace });
}

/** The Redis namespace of a store `openStore('redis')` returned. */
export function namespaceOf(store: BenchStore): string {
  return store.where.replace(/^.* namespace /, '');
}

/** Whether Redis answers PING within half a second. */
export function redisReachable(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Whether `new AppHost({ store })` works yet (the Keyv bridge is someone else's work in progress);
 * `undefined` when it does, else the host's error message.
 */
export function keyvBridgeMissing(): string | undefined {
  try {
    void new AppHost({ store: new Keyv(), logger: () => {} }).close();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Why a store kind cannot run here, or `undefined` when it can. Memory always runs: without the
 * Keyv bridge the host falls back to its in-memory bridge (the note says which one ran).
 */
export async function unavailable(kind: StoreKind): Promise<string | undefined> {
  if (kind === 'redis' && !(await redisReachable())) return `Redis unreachable at ${REDIS_URL}`;
  if (kind === 'memory') return undefined;
  const missing = keyvBridgeMissing();
  return missing === undefined ? undefined : `the host's Keyv bridge is not available yet ("${missing}")`;
}
