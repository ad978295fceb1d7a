import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** Answers other than 200, and transport errors. */
  failures: number;
}

/**
 * A fixed-concurrency keep-alive load loop over one `node:http` Agent: `concurrency` workers each
 * send GET `url` back to back for `durationMs`, reading every body to the end.
 */
export async function runLoad(url: string, agent: Agent, concurrency: number, durationMs: number): Promise<LoadResult> {
  const started = performance.now();
  const deadline = started + durationMs;
  let requests = 0;
  let failures = 0;
  const once = () =>
    new Promise<void>((resolve) => {
      const outgoing = request(url, { agent }, (response) => {
        if (response.statusCode !== 200) failures += 1;
        response.resume();
        response.on('end', () => {
          requests += 1;
          resolve();
        });
      });
      outgoing.on('error', () => {
        failures += 1;
        resolve();
      });
      outgoing.end();
    });
  const worker = async () => {
    while (performance.now() < deadline) await once();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: requests / seconds, requests, failures };
}

/** A keep-alive agent with exactly one socket per worker. */
export function keepAliveAgent(concurrency: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}
