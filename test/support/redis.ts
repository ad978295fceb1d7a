import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether something answers PING at the URL. */
export async function redisAnswers(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Redis tests skip with a message where no Redis runs, but under CI=true they must run: a missing
 * Redis there is a failure, not a skip.
 */
export async function redisOrSkip(): Promise<boolean> {
  if (await redisAnswers()) return true;
  if (process.env.CI === 'true') throw new Error(`Redis is required under CI=true but does not answer at ${REDIS_URL}`);
  console.warn(`[skip] Redis does not answer at ${REDIS_URL}: Redis tests are skipped (set REDIS_URL, or start redis-server)`);
  return false;
}

/** A Keyv on Redis under a namespace of its own, so concurrent test files never collide. */
export function redisKeyv(namespace = `pbtest-${randomBytes(6).toString('hex')}`, url = REDIS_URL): Keyv {
  return new Keyv({ store: new KeyvRedis(url), namespace });
}

/** A private redis-server (see `startPrivateRedis`). */
export interface PrivateRedis {
  url: string;
  /** Starts it again (after `stop` or `crash`) and waits until it answers. */
  start(): Promise<void>;
  /** `SHUTDOWN SAVE`: a clean stop that keeps the data for the next start. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: only what is already on disk survives (every write, with `appendOnly`). */
  crash(): Promise<void>;
}

/** Whether a redis-server binary is on the PATH. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A private redis-server on its own port and folder, to stop and restart without touching the
 * shared one. `stop` is `SHUTDOWN SAVE`, so a restart finds the data again (as a deployment's
 * persistent Redis would). `appendOnly` adds an append-only file synced on every write
 * (`appendfsync always`), so that even a crash (SIGKILL) keeps every acknowledged write.
 */
export async function startPrivateRedis(port: number, dir: string, options: { appendOnly?: boolean } = {}): Promise<PrivateRedis> {
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const persistence = options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', 'dump.rdb', '--save', '', ...persistence], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const stop = async (): Promise<void> => {
    if (!child) return;
    const exited = new Promise((r) => child?.once('exit', r));
    await new Promise<void>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.on('connect', () => socket.end('SHUTDOWN SAVE\r\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await exited;
    child = undefined;
  };
  const crash = async (): Promise<void> => {
    if (!child) return;
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    child = undefined;
  };
  await start();
  return { url, start, stop, crash };
}
