import { fork, type ChildProcess } from 'node:child_process';

/**
 * Request/answer over a child process's IPC channel, many in flight at once: each request carries
 * an id, each answer the same id. The child side is `serveRpc`.
 */
export interface RpcChild {
  child: ChildProcess;
  call<T>(method: string, ...args: unknown[]): Promise<T>;
  close(): void;
}

/** Forks `script` (TypeScript, with the parent's loader flags) and waits for its `ready` answer. */
export async function forkRpc(script: string, args: string[] = []): Promise<{ rpc: RpcChild; ready: unknown }> {
  const child = fork(script, args, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  const ready = new Promise<unknown>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.on('message', (message: { id?: number; ready?: unknown; result?: unknown; error?: string }) => {
      if (message.id === undefined) {
        resolve(message.ready);
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
  });
  const rpc: RpcChild = {
    child,
    call: <T>(method: string, ...callArgs: unknown[]) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, method, args: callArgs });
      }),
    close: () => child.kill(),
  };
  return { rpc, ready: await ready };
}

/** The child side: answers `forkRpc` calls with `methods`, after announcing `ready`. Exits with the parent. */
export function serveRpc(ready: unknown, methods: Record<string, (...args: never[]) => Promise<unknown>>): void {
  process.on('message', async (message: { id: number; method: string; args: unknown[] }) => {
    try {
      const method = methods[message.method];
      if (!method) throw new Error(`no method ${message.method}`);
      process.send?.({ id: message.id, result: await (method as (...args: unknown[]) => Promise<unknown>)(...message.args) });
    } catch (error) {
      process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready });
}
