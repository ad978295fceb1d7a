import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether something answers on the Redis port (without letting a client retry forever). */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Whether the Redis tests run. Unreachable Redis skips them with a message, except under CI=true,
 * where it is a failure: CI must exercise the shared-store paths.
 */
export async function redisAvailable(): Promise<boolean> {
  if (await reachable(REDIS_URL)) {
    return true;
  }
  if (process.env.CI === 'true') {
    throw new Error(`Redis is unreachable at ${REDIS_URL} and CI=true: the Redis tests must run`);
  }
  console.warn(`Skipping Redis tests: nothing answers at ${REDIS_URL} (set REDIS_URL, or start Redis)`);
  return false;
}

/** A namespace no other test run (or file) uses, so concurrent runs on one Redis never collide. */
export function uniqueNamespace(label: string): string {
  return `plugboard-test-${label}-${randomUUID()}`;
}

/** A Keyv on the shared Redis under `namespace`; `dispose` clears the namespace and disconnects. */
export function redisKeyv(namespace: string): { keyv: Keyv; dispose(): Promise<void> } {
  const store = new KeyvRedis(REDIS_URL);
  const keyv = new Keyv(store, { namespace });
  return {
    keyv,
    dispose: async () => {
      await keyv.clear();
      await store.disconnect();
    },
  };
}

/** Whether a `redis-server` binary is on the PATH (to run a private server that can be stopped). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A private, throwaway redis-server on a free port (no persistence), for outage tests that must
 * not touch the shared one. `stop` kills it; `start` brings it back on the same port.
 */
export async function startPrivateRedis(): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let attempt = 0; attempt < 100 && !(await reachable(url)); attempt += 1) {
      await sleep(50);
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    }
  };
  await start();
  return { url, stop, start };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
